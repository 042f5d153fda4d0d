"""The insight dashboard (managers): headline tiles, charts with their data tables, CSV and XLSX downloads;
the outreach list and log (officers and managers)."""

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cphelpdesk.core import audit
from cphelpdesk.core.exports import csv_response, xlsx_response
from cphelpdesk.directory import actions as directory_actions
from cphelpdesk.directory.models import OutreachContact
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.insight import charts, exports, figures, selectors
from cphelpdesk.insight.forms import InsightForm, OutreachForm

PAGE_TABLES = ("timeliness", "satisfaction", "outreach", "countries")
EXPORT_FORMATS = ("csv", "xlsx")


@require_GET
@require_perm("insight.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    form = InsightForm(request.GET)
    valid = form.is_valid()
    if request.GET.get("format") in EXPORT_FORMATS:
        if not valid:
            raise Http404
        return _export(request, form, request.GET["format"])
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


def _export(request: HttpRequest, form: InsightForm, file_format: str) -> HttpResponse:
    """One table as CSV or XLSX (`table=<name>`, the headline by default), or every table as one workbook
    (`format=xlsx&table=all`); audited."""
    name = request.GET.get("table", "headline")
    names = exports.table_names(name, workbook=file_format == "xlsx")
    if not names:
        raise Http404
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    sheets = exports.sheets(names, start, end, form.filters())
    audit.record(actor=request.user, action="insight.exported", table=name, format=file_format,
                 period=[start.isoformat(), end.isoformat()],
                 filters={key: value for key, value in request.GET.items()
                          if key not in {"format", "table", "from", "to"} and value})
    filename = f"insight-{name}-{start}-{end}.{file_format}"
    if file_format == "csv":
        return csv_response(filename, sheets[0].header, sheets[0].rows)
    return xlsx_response(filename, sheets)


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
