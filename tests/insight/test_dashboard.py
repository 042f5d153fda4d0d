"""The managers' dashboard: who may see it, the period and filters, charts, CSV and `metrics` agreeing."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from cphelpdesk.insight import figures, selectors
from tests.factories import MemberFactory, staff_with_mfa
from tests.insight.test_metrics import END, START

pytestmark = pytest.mark.django_db
PERIOD = {"from": START.isoformat(), "to": END.isoformat()}


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OFFICER, Role.EXPERT, Role.FOCAL_POINT])
def test_only_managers_see_insight(client, role):
    client.force_login(staff_with_mfa(role) if role != Role.MEMBER else MemberFactory())
    assert client.get(reverse("insight:dashboard")).status_code == 403
    assert client.get(reverse("insight:dashboard"), {"format": "csv"}).status_code == 403
    assert client.get(reverse("insight:chart", args=["channels"])).status_code == 403


def test_visitors_are_sent_to_log_in(client):
    assert client.get(reverse("insight:dashboard"))["Location"].startswith(reverse("account_login"))


def test_manager_sees_the_headline_worded_as_the_service_reports_it(manager_client, dataset):
    page = manager_client.get(reverse("insight:dashboard"), PERIOD).content.decode()
    assert "10 requests from 2 countries" in page
    assert "75% full responses" in page
    assert "25% revealing gaps" in page
    assert "satisfaction 9.3/10 (3 responses)" in page
    for name in ("channels", "regions", "topics"):
        assert reverse("insight:chart", args=[name]) + "?" in page
    assert page.count("<caption>") >= 7
    assert "<script" not in page.split("<main", 1)[-1]


def test_default_period_is_the_last_twelve_months(manager_client):
    start, end = selectors.default_period()
    page = manager_client.get(reverse("insight:dashboard")).content.decode()
    assert f'value="{start.isoformat()}"' in page and f'value="{end.isoformat()}"' in page


def test_a_reversed_period_is_an_error_shown_in_place(manager_client):
    response = manager_client.get(reverse("insight:dashboard"), {"from": "2025-04-01", "to": "2025-03-01"})
    assert response.status_code == 200 and "must end on or after" in response.content.decode()


def test_filters_narrow_the_dashboard(manager_client, dataset):
    mali = Country.objects.get(iso2="ML")
    page = manager_client.get(reverse("insight:dashboard"), {**PERIOD, "country": mali.pk}).content.decode()
    assert "3 requests from 1 country" in page and "100% full responses" in page
    page = manager_client.get(reverse("insight:dashboard"), {**PERIOD, "channel": "web"}).content.decode()
    assert "7 requests from 1 country" in page


def test_dashboard_csv_and_metrics_json_agree(manager_client, dataset):
    page = manager_client.get(reverse("insight:dashboard"), PERIOD).content.decode()
    response = manager_client.get(reverse("insight:dashboard"), {**PERIOD, "format": "csv", "table": "headline"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    out = StringIO()
    call_command("metrics", "--from", START.isoformat(), "--to", END.isoformat(), "--json", stdout=out)
    data = json.loads(out.getvalue())
    tiles = list(data["tiles"].values())
    assert [row[0] for row in rows[1:]] == tiles
    for text in tiles:
        assert text in page
    assert (data["requests"], data["countries"], data["closed"], data["full_responses"]) == (10, 2, 4, 3)
    assert data["satisfaction"]["responses"] == 3 and data["top_topics"][0] == {
        "code": "IM.4W", "name": data["top_topics"][0]["name"], "requests": 4}
    text = StringIO()
    call_command("metrics", "--from", START.isoformat(), "--to", END.isoformat(), stdout=text)
    assert all(tile in text.getvalue() for tile in tiles)


def test_csv_tables_are_audited_and_formula_safe(manager_client, dataset):
    response = manager_client.get(reverse("insight:dashboard"), {**PERIOD, "format": "csv", "table": "countries"})
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[1][1] == "7" and rows[2][1] == "3"
    entry = AuditEntry.objects.get(action="insight.exported")
    assert entry.details["table"] == "countries" and entry.details["period"] == [START.isoformat(), END.isoformat()]
    assert manager_client.get(reverse("insight:dashboard"), {"format": "csv", "table": "nope"}).status_code == 404
    assert figures.table("channels", START, END, selectors.Filters()).rows[0][1:3] == [7, 3]


def test_charts_are_svg_without_script(manager_client, dataset):
    for name in ("channels", "regions", "topics"):
        response = manager_client.get(reverse("insight:chart", args=[name]), PERIOD)
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
        svg = response.content.decode()
        assert "<svg" in svg and "<script" not in svg
        assert "script-src 'self'" in response["Content-Security-Policy"]
    assert manager_client.get(reverse("insight:chart", args=["nope"])).status_code == 404


def _workbook(response):
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def test_a_table_downloads_as_xlsx_with_numbers_as_numbers_and_is_audited(manager_client, dataset):
    response = manager_client.get(reverse("insight:dashboard"), {**PERIOD, "format": "xlsx", "table": "countries"})
    assert response["Content-Disposition"] == f'attachment; filename="insight-countries-{START}-{END}.xlsx"'
    book = _workbook(response)
    assert book.sheetnames == ["Countries"]
    sheet = book["Countries"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Country", "Requests"), ("Democratic Republic of the Congo", 7), ("Mali", 3)]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    entry = AuditEntry.objects.get(action="insight.exported")
    assert entry.details["table"] == "countries" and entry.details["format"] == "xlsx"


def test_the_whole_dashboard_is_one_workbook_with_a_sheet_per_table(manager_client, dataset):
    response = manager_client.get(reverse("insight:dashboard"), {**PERIOD, "format": "xlsx", "table": "all"})
    book = _workbook(response)
    entry = AuditEntry.objects.get(action="insight.exported")
    assert entry.details == {"table": "all", "format": "xlsx", "period": [START.isoformat(), END.isoformat()],
                             "filters": {}}
    assert len(book.sheetnames) == len(figures.TABLE_NAMES)
    headline = [row[0] for row in book["Headline"].iter_rows(min_row=2, values_only=True)]
    assert headline == [tile.text for tile in figures.tiles(selectors.headline(START, END, selectors.Filters()))]
    channels = list(book["Channels"].iter_rows(values_only=True))
    assert channels[1][0] == "2025-03" and channels[1][-1] == 10  # a total, stored as a number
    # Figures the page words ("9.3", "100%", "5.0 h") are numbers a spreadsheet can compute with, shown alike.
    satisfaction = {row[0].value: row[1] for row in book["Satisfaction"].iter_rows(min_row=2)}
    assert satisfaction["Overall"].value == 9.3 and satisfaction["Overall"].number_format == "0.0"
    assert satisfaction["Responses"].value == 3
    standard = next(row for row in book["First response"].iter_rows(min_row=2) if row[0].value == "Standard")
    median, rate = standard[2], standard[6]
    assert (median.value, median.number_format) == (2.0, '0.0" h"')
    assert (rate.value, rate.number_format) == (1.0, "0%")
    csv_response = manager_client.get(reverse("insight:dashboard"), {**PERIOD, "format": "csv", "table": "timeliness"})
    csv_row = next(row for row in csv.reader(io.StringIO(csv_response.content.decode().lstrip("\ufeff")))
                   if row[0] == "Standard")
    assert (csv_row[2], csv_row[6]) == ("2.0 h", "100%")


def test_the_dashboard_links_to_every_xlsx_download(manager_client, dataset):
    page = manager_client.get(reverse("insight:dashboard"), PERIOD).content.decode()
    assert "format=xlsx&amp;table=all" in page
    for name in ("headline", "timeliness", "satisfaction", "countries", "channels"):
        assert f"format=xlsx&amp;table={name}" in page and f"format=csv&amp;table={name}" in page


@pytest.mark.parametrize("params", [
    {"format": "xlsx", "table": "nope"},
    {"format": "csv", "table": "all"},  # a CSV file holds one table
    {"format": "xlsx", "from": "2025-04-01", "to": "2025-03-01"},
    {"format": "xlsx", "from": "yesterday"},
])
def test_bad_export_parameters_are_404_and_not_audited(manager_client, params):
    assert manager_client.get(reverse("insight:dashboard"), params).status_code == 404
    assert not AuditEntry.objects.filter(action="insight.exported").exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.EXPERT])
def test_only_managers_download_xlsx(client, role):
    client.force_login(staff_with_mfa(role))
    assert client.get(reverse("insight:dashboard"), {"format": "xlsx", "table": "all"}).status_code == 403


def test_the_headline_is_kept_five_minutes_for_the_same_period_and_filters(manager_client, dataset):
    from django.core.cache import cache

    from tests.insight.test_metrics import at, build

    def requests_tile():
        page = manager_client.get(reverse("insight:dashboard"), PERIOD).content.decode()
        return page.split('id="tile-requests">', 1)[1].split("<", 1)[0]

    before = requests_tile()
    build(at(18), country="ML")  # a new request in the period
    assert requests_tile() == before  # the page a manager just saw, and its charts, say the same
    cache.clear()  # five minutes later
    assert requests_tile() != before and "10 requests" in before and "11 requests" in requests_tile()
