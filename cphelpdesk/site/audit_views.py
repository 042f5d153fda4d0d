"""The audit log for managers: search who did what, and export it (the export is itself recorded)."""

from datetime import datetime, time

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core import audit
from cphelpdesk.core.exports import csv_text
from cphelpdesk.core.models import AuditEntry
from cphelpdesk.core.pagination import CappedPaginator
from cphelpdesk.directory.permissions import require_perm

EXPORT_LIMIT = 50_000


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=_("Who (email address)"), required=False, max_length=254)
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=80,
                             help_text=_("For example query.viewed, resource. or member."))
    record = forms.CharField(label=_("Record (type:id, e.g. queries.query:42)"), required=False, max_length=150)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _entries(form: AuditFilterForm):
    entries = AuditEntry.objects.select_related("actor")
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["who"]:
        entries = entries.filter(actor__email__iexact=data["who"].strip())
    if data["action"]:
        entries = entries.filter(action__startswith=data["action"].strip())
    if data["record"]:
        kind, _sep, number = data["record"].strip().partition(":")
        entries = entries.filter(target_type=kind.lower(), **({"target_id": number} if number else {}))
    zone = timezone.get_current_timezone()
    if data["since"]:
        entries = entries.filter(at__gte=datetime.combine(data["since"], time.min, zone))
    if data["until"]:
        entries = entries.filter(at__lte=datetime.combine(data["until"], time.max, zone))
    return entries


@require_perm("core.read_audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the log; `?format=csv` downloads what the filters select."""
    form = AuditFilterForm(request.GET or None)
    entries = _entries(form)
    if request.GET.get("format") == "csv":
        audit.record(actor=request.user, action="audit.exported", filters={
            key: str(value) for key, value in (form.cleaned_data if form.is_valid() else {}).items() if value})
        rows = ((entry.at.isoformat(), entry.actor.email if entry.actor else "", entry.action, entry.target_type,
                 entry.target_id, entry.details) for entry in entries[:EXPORT_LIMIT])
        response = HttpResponse(csv_text(["at", "who", "action", "record type", "record id", "details"], rows),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        return response
    page = CappedPaginator(entries, 100).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(request, "core/audit_log.html", {"form": form, "page": page,
                                                   "query_string": query_string.urlencode()})
