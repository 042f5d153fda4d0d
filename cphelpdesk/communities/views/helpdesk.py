"""The helpdesk's work on a thread (officers and managers only): turn it into a query, post that query's answer
back to it, bank it in the repository. Each is one button (a POST) on the thread's or the query's page."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cphelpdesk.communities import helpdesk
from cphelpdesk.communities.access import is_helpdesk_officer
from cphelpdesk.communities.models import Post, Thread


def officers_thread(view):
    """Give the view the thread named by `slug` and `pk`, for officers and managers; a visitor is asked to sign
    in, anyone else refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_helpdesk_officer(request.user):
            raise PermissionDenied
        thread = get_object_or_404(Thread.objects.select_related("community", "query"), community__slug=slug, pk=pk)
        return view(request, thread)

    return wrapper


def _back_to_thread(thread: Thread) -> HttpResponse:
    return redirect("communities:thread", thread.community.slug, thread.pk)


@require_POST
@officers_thread
def raise_query(request: HttpRequest, thread: Thread) -> HttpResponse:
    """Turn the chosen post (the thread's first by default) into a query."""
    post = None
    if request.POST.get("post"):
        try:
            post = Post.objects.filter(thread=thread, uid=request.POST["post"]).first()
        except ValidationError:  # not a uuid
            post = None
        if post is None:
            messages.error(request, _("Only a published post of this thread can become a query."))
            return _back_to_thread(thread)
    try:
        query = helpdesk.raise_query(actor=request.user, thread=thread, post=post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_thread(thread)
    messages.success(request, _("Query %(reference)s is recorded; the thread and the query link to each other.")
                     % {"reference": query.reference})
    return redirect("queries:detail", reference=query.reference)


@require_POST
@officers_thread
def post_answer(request: HttpRequest, thread: Thread) -> HttpResponse:
    """Post the answer of the thread's query to the thread; back to the page the button was on."""
    try:
        helpdesk.post_answer(actor=request.user, thread=thread)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The answer is posted to the thread and on its way to the subscribers."))
    if request.POST.get("back") == "query" and thread.query is not None:
        return redirect("queries:detail", reference=thread.query.reference)
    return _back_to_thread(thread)


@require_POST
@officers_thread
def bank(request: HttpRequest, thread: Thread) -> HttpResponse:
    """Bank a thread peers answered as a draft resource, then its personal-data review."""
    try:
        resource = helpdesk.bank_thread(actor=request.user, thread=thread)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_thread(thread)
    messages.success(request, _("A draft is ready: review the personal data flagged before sending it on."))
    return redirect("library:review", pk=resource.pk)
