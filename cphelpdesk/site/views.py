"""Pages every visitor meets (home, dashboard redirect), the language switch and the health check."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import check_for_language
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from cphelpdesk.core import mail_files, selectors
from cphelpdesk.directory import actions as directory_actions
from cphelpdesk.directory import selectors as directory_selectors
from cphelpdesk.directory.permissions import require_perm, staff_required


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What the helpdesk offers and how to reach it."""
    return render(
        request,
        "core/home.html",
        {
            "desks": directory_selectors.public_desks(),
            "mailing_lists": settings.HELPDESK_MAILING_LISTS,
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Send each person to their own starting page: staff to theirs, members to their questions, and
    people still waiting for approval to their profile, which says where their request stands."""
    if request.user.is_helpdesk_staff:
        return redirect("site:staff_home")
    if request.user.has_perm("queries.submit_query"):
        return redirect("queries:mine")
    return redirect("directory:profile")


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """The staff starting page: what waits for this person."""
    user = request.user
    pending_count = (
        directory_selectors.pending_members_for(user).count() if user.has_perm("directory.approve_member") else None
    )
    return render(request, "core/staff_home.html", {
        "desks": directory_selectors.desks_of(user), "pending_count": pending_count,
        "mail_written_to_files": mail_files.in_use(),
    })


def _mail_files_in_use(view):
    """The written-mail pages exist only where mail is written to files (development and the demo)."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not mail_files.in_use():
            raise Http404
        return view(request, *args, **kwargs)
    return wrapped


@never_cache
@require_GET
@_mail_files_in_use
@require_perm("mail.look_after_inbound")
def mail_written(request: HttpRequest) -> HttpResponse:
    """The mail the service has written to files instead of sending it, newest first."""
    return render(request, "core/mail_written.html", {"mails": mail_files.written_mails(),
                                                       "listed": mail_files.LISTED})


@never_cache
@require_GET
@_mail_files_in_use
@require_perm("mail.look_after_inbound")
def mail_written_one(request: HttpRequest, name: str) -> HttpResponse:
    """One written message, as its reader would see its text."""
    mail = mail_files.read_mail(name)
    if mail is None:
        raise Http404
    return render(request, "core/mail_written_one.html", {"mail": mail})


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice on the member's profile too."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language):
        directory_actions.set_preferred_language(member=request.user, language=language)
    return response


@require_GET
@cache_control(max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and tools that ask for /favicon.ico without reading the page's icon link."""
    return redirect(static("favicon.ico"))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 when it does not.

    The worker's heartbeat age is reported for monitoring but does not fail the check: a stalled
    worker delays mail and reminders, it does not stop the web service from serving.
    """
    database_ok = selectors.database_reachable()
    age = selectors.worker_heartbeat_age() if database_ok else None
    limit = 3 * settings.WORKER_HEARTBEAT_SECONDS
    worker_status = "unknown" if age is None else ("ok" if age <= limit else "stale")
    body = {
        "status": "ok" if database_ok else "error",
        "database": "ok" if database_ok else "unreachable",
        "worker": {"status": worker_status, "heartbeat_age_seconds": None if age is None else round(age, 1)},
    }
    return JsonResponse(body, status=200 if database_ok else 503)
