"""The insight dashboard and annual report (managers): headline tiles, charts with their data tables, CSV,
XLSX and PDF downloads; the outreach list and log (officers and managers)."""

import hashlib
from contextlib import nullcontext

from csp.decorators import csp_update
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cphelpdesk.core import audit
from cphelpdesk.core.exports import FORMATS, as_attachment, csv_response, xlsx_response
from cphelpdesk.directory import actions as directory_actions
from cphelpdesk.directory.models import OutreachContact
from cphelpdesk.directory.permissions import require_perm
from cphelpdesk.insight import charts, exports, figures, selectors
from cphelpdesk.insight.forms import InsightForm, OutreachForm

PAGE_TABLES = ("satisfaction", "outreach", "countries", "communities", "community_regions", "community_countries")
TABLE_SECONDS = 300  # as long as a browser keeps a chart (Cache-Control below)


@require_GET
@require_perm("insight.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    form = InsightForm(request.GET)
    valid = form.is_valid()
    if request.GET.get("format") in FORMATS:
        if not valid:
            raise Http404
        return _export(request, form, request.GET["format"])
    return render(request, "insight/dashboard.html", _figures(request, form) if valid else {"form": form})


@require_GET
@require_perm("insight.view_dashboard")
def report(request: HttpRequest) -> HttpResponse:
    """The annual report: every headline figure, chart and table of the period on one printable page, or as a
    PDF (`?format=pdf`, an audited export)."""
    form = InsightForm(request.GET)
    valid = form.is_valid()
    if request.GET.get("format") == "pdf":
        # reportlab, svglib and lxml load only for a PDF: every process that reads the URL configuration (web
        # and task workers alike) would otherwise load them at start.
        from cphelpdesk.insight import pdf  # noqa: PLC0415

        if not valid:
            raise Http404
        # reportlab's built-in fonts have no Arabic script and lay text out left to right: an Arabic reader gets
        # the PDF in English rather than boxes (the page itself is in Arabic).
        with translation.override("en") if translation.get_language_bidi() else nullcontext():
            context = _figures(request, form)
            document = pdf.report(title=_("CP Helpdesk report"), period=context["period"],
                                  filters=context["filter_text"], tiles=context["tiles"],
                                  charts=context["charts"], tables=context["tables"])
        _audit_export(request, form, "report", "pdf")
        start, end = form.cleaned_data["from"], form.cleaned_data["to"]
        return as_attachment(HttpResponse(document, content_type="application/pdf"),
                             f"insight-report-{start}-{end}.pdf")
    return render(request, "insight/report.html", _figures(request, form) if valid else {"form": form})


def _figures(request: HttpRequest, form: InsightForm) -> dict:
    """What the dashboard and the report show for a valid form: the tiles, the charts with their tables and the
    other tables, with the query string that draws the same charts and downloads."""
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    headline = _headline(form)
    query = request.GET.copy()
    for name in ("format", "table"):
        query.pop(name, None)
    query.update({"from": start.isoformat(), "to": end.isoformat()})
    return {
        "form": form, "headline": headline, "tiles": figures.tiles(headline), "params": query.urlencode(),
        "period": _("From %(start)s to %(end)s") % {"start": start.isoformat(), "end": end.isoformat()},
        "filter_text": form.describe_filters(),
        "charts": [(name, _table(form, name, headline)) for name in charts.CHART_NAMES],
        "tables": [_table(form, name, headline) for name in PAGE_TABLES],
        "learning": [_table(form, name) for name in figures.LEARNING_TABLES],
    }


def _headline(form: InsightForm) -> selectors.Headline:
    """`selectors.headline` for the form's period and filters, kept a few minutes like the tables."""
    return _kept(form, "headline", "", lambda: selectors.headline(
        form.cleaned_data["from"], form.cleaned_data["to"], form.filters()))


def _table(form: InsightForm, name: str, headline: selectors.Headline | None = None) -> figures.Table:
    """`figures.table` for the form's period and filters, kept a few minutes (per language), so that the chart
    images and downloads a page links to are served from what the page has just computed, and agree with it."""
    return _kept(form, "table", name, lambda: figures.table(
        name, form.cleaned_data["from"], form.cleaned_data["to"], form.filters(), headline))


def _kept(form: InsightForm, kind: str, name: str, compute):
    """What `compute` returns for the form's period, filters and the reader's language, from the cache when a
    page computed it in the last TABLE_SECONDS (the figures are the same for every manager)."""
    chosen = sorted((key, str(getattr(value, "pk", value))) for key, value in form.cleaned_data.items())
    key = f"insight:{kind}:" + hashlib.sha256(
        repr((name, translation.get_language(), chosen)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TABLE_SECONDS)
    return value


def _audit_export(request: HttpRequest, form: InsightForm, table: str, kind: str) -> None:
    audit.record(actor=request.user, action="insight.exported", table=table, format=kind,
                 period=[form.cleaned_data["from"].isoformat(), form.cleaned_data["to"].isoformat()],
                 filters={key: value for key, value in request.GET.items()
                          if key not in {"format", "table", "from", "to"} and value})


def _export(request: HttpRequest, form: InsightForm, file_format: str) -> HttpResponse:
    """One table as CSV or XLSX (`table=<name>`, the headline by default), or every table as one workbook
    (`format=xlsx&table=all`); audited."""
    name = request.GET.get("table", "headline")
    names = exports.table_names(name, workbook=file_format == "xlsx")
    if not names:
        raise Http404
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    headline = _headline(form) if figures.HEADLINE_TABLES.intersection(names) else None
    sheets = exports.sheets([_table(form, table, headline) for table in names])
    _audit_export(request, form, name, file_format)
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
    response = HttpResponse(charts.render(name, _table(form, name)), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = f"private, max-age={TABLE_SECONDS}"
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
