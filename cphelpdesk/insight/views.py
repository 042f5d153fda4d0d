"""The insight dashboard (managers): headline tiles, charts with their data tables, CSV downloads; the
outreach list and log (officers and managers)."""

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cphelpdesk.core import audit
from cphelpdesk.core.exports import csv_text
from cphelpdesk.directory import actions as directory_actions
from cphelpdesk.directory.models import OutreachContact
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.insight import charts, figures, selectors
from cphelpdesk.insight.forms import InsightForm, OutreachForm

PAGE_TABLES = ("timeliness", "satisfaction", "outreach", "countries")


@require_GET
@require_perm("insight.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    form = InsightForm(request.GET)
    valid = form.is_valid()
    if request.GET.get("format") == "csv":
        if not valid:
            raise Http404
        return _csv(request, form)
    context = {"form": form}
    if valid:
        start, end, filters = form.cleaned_data["from"], form.cleaned_data["to"], form.filters()
        headline = selectors.headline(start, end, filters)
        query = request.GET.copy()
        query.pop("format", None)
        query.pop("table", None)
        query.update({"from": start.isoformat(), "to": end.isoformat()})
        context.update(
            headline=headline, tiles=figures.tiles(headline), params=query.urlencode(),
            charts=[(name, figures.table(name, start, end, filters, headline)) for name in charts.CHART_NAMES],
            tables=[figures.table(name, start, end, filters, headline) for name in PAGE_TABLES],
        )
    return render(request, "insight/dashboard.html", context)


def _csv(request: HttpRequest, form: InsightForm) -> HttpResponse:
    name = request.GET.get("table", "headline")
    if name not in figures.TABLE_NAMES:
        raise Http404
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    table = figures.table(name, start, end, form.filters())
    audit.record(actor=request.user, action="insight.exported", table=name,
                 period=[start.isoformat(), end.isoformat()],
                 filters={key: value for key, value in request.GET.items()
                          if key not in {"format", "table", "from", "to"} and value})
    response = HttpResponse(csv_text(table.header, table.rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insight-{name}-{start}-{end}.csv"'
    return response


# pygal's SVG carries its own <style>; shown through <img> it runs no script, and this response alone allows
# that inline style (the pages keep style-src 'self').
@require_GET
@require_perm("insight.view_dashboard")
@csp_update({"style-src": ["'unsafe-inline'"]})
def chart(request: HttpRequest, name: str) -> HttpResponse:
    form = InsightForm(request.GET)
    if name not in charts.CHART_NAMES or not form.is_valid():
        raise Http404
    table = figures.table(name, form.cleaned_data["from"], form.cleaned_data["to"], form.filters())
    response = HttpResponse(charts.render(name, table), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_perm("directory.record_outreach")
def outreach(request: HttpRequest) -> HttpResponse:
    """Countries with an active coordination group and no query in six months, their desk, last query and last
    contact; officers log each new contact here."""
    form = OutreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            directory_actions.record_outreach(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact is logged."))
            return redirect("insight:outreach")
    return render(request, "insight/outreach.html", {"rows": selectors.outreach_rows(), "form": form,
                                                      "log": OutreachContact.objects.select_related(
                                                          "country", "by")[:50]})
