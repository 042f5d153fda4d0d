"""The managers' retention page: recent runs and what they purged, legal holds placed and lifted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cphelpdesk.directory.models import Member
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.privacy import retention
from cphelpdesk.privacy.forms import HoldForm
from cphelpdesk.privacy.models import LegalHold, RetentionRun
from cphelpdesk.queries.models import Query

RECENT_RUNS = 30


@require_perm("privacy.manage_retention")
def retention_page(request: HttpRequest) -> HttpResponse:
    return _render(request, HoldForm())


def _render(request: HttpRequest, form: HoldForm) -> HttpResponse:
    labels = retention.step_labels()
    runs = [(run, [(labels.get(name, name), counts) for name, counts in run.counts.items()])
            for run in RetentionRun.objects.select_related("triggered_by")[:RECENT_RUNS]]
    holds = (LegalHold.objects.filter(lifted_at__isnull=True)
             .select_related("query", "member", "placed_by"))
    return render(request, "privacy/retention.html", {
        "runs": runs, "holds": holds, "form": form, "labels": labels})


@require_POST
@require_perm("privacy.manage_retention")
def place_hold(request: HttpRequest) -> HttpResponse:
    form = HoldForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        query = member = None
        if data["reference"].strip():
            query = Query.objects.filter(reference__iexact=data["reference"].strip()).first()
            if query is None:
                form.add_error("reference", _("No query has this reference."))
        else:
            member = Member.objects.with_email(data["email"]).first()
            if member is None:
                form.add_error("email", _("No member has this address."))
        if form.is_valid():
            try:
                retention.place_hold(actor=request.user, reason=data["reason"], query=query, member=member)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The legal hold is in place: retention will skip this record."))
                return redirect("privacy:retention")
    return _render(request, form)


@require_POST
@require_perm("privacy.manage_retention")
def lift_hold(request: HttpRequest, pk: int) -> HttpResponse:
    hold = LegalHold.objects.filter(pk=pk, lifted_at__isnull=True).first()
    if hold is None:
        raise Http404
    retention.lift_hold(actor=request.user, hold=hold)
    messages.success(request, _("The legal hold is lifted: the next retention run treats the record as usual."))
    return redirect("privacy:retention")
