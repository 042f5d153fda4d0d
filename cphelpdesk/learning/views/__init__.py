"""Pages of learning: a member's (`learner`: catalogue, pathways, steps, quizzes, sessions, my learning) and
those of facilitators, coordinators and officers (`staff`: attendance, review, team, enrolling others)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from cphelpdesk.learning import access


def learner_required(view):
    """Visitors are asked to sign in; members awaiting approval (and closed accounts) are refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.is_learner(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def problem_text(error) -> str:
    """The messages of a PermissionDenied or ValidationError, for the member."""
    return " ".join(getattr(error, "messages", None) or [str(error)])
