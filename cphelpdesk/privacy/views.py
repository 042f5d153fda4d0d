"""Officers' decisions on personal data found in a query; the privacy notice; a member's data rights."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cphelpdesk.directory import actions as directory_actions
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.privacy import intake, rights
from cphelpdesk.privacy.models import DataRequest, Finding
from cphelpdesk.queries.access import query_access


@require_POST
def resolve(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Redact a finding in place, or dismiss it; only officers working on the query may."""
    finding = Finding.objects.filter(pk=pk).select_related("query").first()
    if finding is None or decision not in {"redact", "dismiss"} or not query_access(request.user,
                                                                                     finding.query).can_view:
        raise Http404
    try:
        (intake.redact if decision == "redact" else intake.dismiss)(actor=request.user, finding=finding)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("queries:detail", reference=finding.query.reference)


# --- the privacy notice, terms of use, and a member's rights -------------------------------------


def notice(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/notice.html")


def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/terms.html")


@login_required
def accept(request: HttpRequest) -> HttpResponse:
    """Shown once (and again when the texts change) before anything else; accepting goes on to `next`."""
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    if request.method == "POST":
        if request.POST.get("accept") != "yes":
            messages.error(request, _("Tick the box to accept the privacy notice and the terms of use."))
        else:
            directory_actions.accept_terms(member=request.user)
            return redirect(target)
    return render(request, "privacy/accept.html", {"next": target})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Download everything about me; ask for my personal data to be erased."""
    if request.method == "POST" and request.POST.get("action") == "download":
        response = HttpResponse(rights.export_member_data(request.user), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="cp-helpdesk-my-data.zip"'
        response["Cache-Control"] = "private, no-store"
        return response
    if request.method == "POST" and request.POST.get("action") == "erase":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that you want your personal data erased."))
        else:
            try:
                rights.request_erasure(member=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("Your request is sent: an officer will handle it and write to you."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        return redirect("privacy:my_data")
    return render(request, "privacy/my_data.html", {
        "requests": DataRequest.objects.filter(member=request.user)})


@require_perm("privacy.handle_data_requests")
def data_requests(request: HttpRequest) -> HttpResponse:
    """Officers: erasure requests, with what became of each."""
    return render(request, "privacy/data_requests.html", {
        "requests": DataRequest.objects.select_related("member", "handled_by")[:500]})


@require_POST
@require_perm("privacy.handle_data_requests")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = DataRequest.objects.filter(pk=pk).first()
    if data_request is None:
        raise Http404
    try:
        rights.decide_erasure(actor=request.user, data_request=data_request,
                              erase=request.POST.get("decision") == "erase", decision=request.POST.get("note", ""))
        messages.success(request, _("Done; the member is told."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("privacy:data_requests")
