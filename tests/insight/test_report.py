"""The later charts on the dashboard and the printable annual report with its PDF: who may see them, what they
show, and that every table's CSV says what the page says."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from cphelpdesk.insight import charts, figures
from cphelpdesk.insight.views import PAGE_TABLES
from cphelpdesk.library.models import ResourceUse
from cphelpdesk.queries.models import Gap, Query, Referral
from tests.factories import MemberFactory, ResourceFactory, staff_with_mfa
from tests.insight.test_dashboard import PERIOD
from tests.insight.test_metrics import END, START, at

pytestmark = pytest.mark.django_db
NEW_TABLES = ("map", "timeliness", "referrals", "reach", "members", "gaps", "resource_use", "published")


@pytest.fixture
def more(dataset):
    """The dashboard's dataset plus referrals, a gap's progress, repository use and a new member."""
    query = Query.objects.filter(country__iso2="ML").first()
    Referral.objects.create(query=query, destination="focal_point", status="answered", sent_at=at(9),
                            recipient_name="FP", recipient_email="fp@example.org", reason="regional")
    Gap.objects.update(noted_at=at(21))
    Gap.objects.create(title="Older gap", status="in_development", noted_at=at(1, month=1))
    resource = ResourceFactory(title="Interim care guidance", published_at=at(12))
    ResourceUse.objects.create(resource=resource, day=START, views=12, downloads=4)
    MemberFactory(date_joined=at(14))


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OFFICER, Role.EXPERT])
def test_only_managers_see_the_report_and_its_pdf(client, role):
    client.force_login(staff_with_mfa(role) if role != Role.MEMBER else MemberFactory())
    assert client.get(reverse("insight:report")).status_code == 403
    assert client.get(reverse("insight:report"), {"format": "pdf"}).status_code == 403
    assert client.get(reverse("insight:chart", args=["map"])).status_code == 403


def test_visitors_are_sent_to_log_in_for_the_report(client):
    for params in ({}, {"format": "pdf"}):
        response = client.get(reverse("insight:report"), params)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_every_chart_is_an_svg_without_script(manager_client, more):
    for name in charts.CHART_NAMES:
        response = manager_client.get(reverse("insight:chart", args=[name]), PERIOD)
        svg = response.content.decode()
        assert response.status_code == 200 and "<svg" in svg and "<script" not in svg, name
    world = manager_client.get(reverse("insight:chart", args=["map"]), PERIOD).content.decode()
    assert re.search(r'class="cd country[^"]* serie-0 ', world)  # shaded by its requests
    to_reach = {country.iso2.lower() for country in figures.selectors.outreach(END)}
    marked = set(re.findall(r'class="([a-z]{2}) country[^"]* serie-1 ', world))  # the second series
    assert marked and marked <= to_reach


def test_the_world_map_is_light_and_keeps_every_country(manager_client, more):
    from pygal_maps_world.maps import WORLD_MAP

    world = manager_client.get(reverse("insight:chart", args=["map"]), PERIOD).content
    assert len(world) < 150_000  # pygal's print outlines alone weigh 778 KB
    every_country = set(re.findall(r'class="([a-z]{2}) country map-element"', WORLD_MAP))
    assert set(re.findall(rb'class="([a-z]{2}) country', world)) == {code.encode() for code in every_country}


def test_the_dashboard_shows_every_chart_lazily_with_its_table(manager_client, more):
    page = manager_client.get(reverse("insight:dashboard"), PERIOD).content.decode()
    for name in charts.CHART_NAMES:
        assert reverse("insight:chart", args=[name]) + "?" in page
    assert page.count('loading="lazy"') == len(charts.CHART_NAMES) - 1
    assert "Interim care guidance" in page and "Regional focal point" in page
    assert reverse("insight:report") + "?" in page


@pytest.mark.parametrize("name", NEW_TABLES)
def test_each_new_tables_csv_agrees_with_the_page(manager_client, more, name):
    page = html.unescape(manager_client.get(reverse("insight:dashboard"), PERIOD).content.decode())
    response = manager_client.get(reverse("insight:dashboard"), {**PERIOD, "format": "csv", "table": name})
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    table = figures.table(name, START, END, figures.selectors.Filters())
    assert rows[0] == table.header and len(rows) == len(table.rows) + 1 and rows[1:]
    body = page.split(f"<caption>{table.caption}</caption>", 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    shown = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    assert shown == rows[1:]


def test_the_new_tables_hold_the_known_figures(more):
    def rows(name):
        return figures.table(name, START, END, figures.selectors.Filters()).rows

    assert ["Regional focal point", 0, 1, 0, 0, 1] in rows("referrals")
    assert ["Interim care guidance", 12, 4] in rows("resource_use")
    assert {row[0]: row[1:] for row in rows("gaps")}["Guidance in development"] == [0, 1]
    assert {row[0]: row[2:] for row in rows("map")}["Mali"] == [3, "no"]
    assert rows("reach")[0][:3] == ["2025-03", 10, 10]
    assert rows("published")[0] == ["2025-03", 1, 0]


def test_the_report_page_shows_figures_charts_and_tables_and_prints(manager_client, more):
    page = manager_client.get(reverse("insight:report"), PERIOD).content.decode()
    assert "10 requests from 2 countries" in page and "From 2025-03-01 to 2025-03-31" in page
    for name in charts.CHART_NAMES:
        assert reverse("insight:chart", args=[name]) + "?" in page
    assert 'loading="lazy"' not in page  # printing must not wait for images never scrolled to
    assert page.count("<caption>") == len(charts.CHART_NAMES) + len(PAGE_TABLES) + len(figures.LEARNING_TABLES)
    assert "format=pdf" in page and "No filter" in page
    assert "<script" not in page.split("<main", 1)[-1]


def test_the_pdf_holds_the_headline_tables_period_and_filters_and_is_audited(manager_client, more):
    mali = Country.objects.get(iso2="ML")
    response = manager_client.get(reverse("insight:report"), {**PERIOD, "format": "pdf", "country": mali.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in ("3 requests from 1 country", "100% full responses", "From 2025-03-01 to 2025-03-31",
                     f"Country: {mali}", "Requests per country and countries to reach", "Regional focal point",
                     "Interim care guidance", "Gap register by status"):
        assert expected in text, expected
    entry = AuditEntry.objects.get(action="insight.exported")
    assert entry.details["table"] == "report" and entry.details["format"] == "pdf"
    assert entry.details["filters"] == {"country": str(mali.pk)}


def test_a_bad_period_gives_the_form_not_a_pdf(manager_client):
    assert manager_client.get(reverse("insight:report"), {"from": "2025-05-01", "to": "2025-04-01",
                                                          "format": "pdf"}).status_code == 404
    page = manager_client.get(reverse("insight:report"), {"from": "2025-05-01", "to": "2025-04-01"})
    assert page.status_code == 200 and "must end on or after" in page.content.decode()


def test_an_arabic_reader_gets_the_pdf_in_english_rather_than_missing_glyphs(manager_client, dataset, settings):
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = manager_client.get(reverse("insight:report"), PERIOD)
    assert 'dir="rtl"' in page.content.decode()
    response = manager_client.get(reverse("insight:report"), {**PERIOD, "format": "pdf"})
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "10 requests from 2 countries" in text and "CP Helpdesk report" in text


def test_every_chart_and_the_pdf_cope_with_an_empty_period(manager_client):
    empty = {"from": "2001-01-01", "to": "2001-12-31"}
    for name in charts.CHART_NAMES:
        response = manager_client.get(reverse("insight:chart", args=[name]), empty)
        assert response.status_code == 200 and b"<svg" in response.content, name
    response = manager_client.get(reverse("insight:report"), {**empty, "format": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_charts_a_page_shows_are_drawn_from_the_tables_it_computed(manager_client, dataset, monkeypatch):
    manager_client.get(reverse("insight:dashboard"), PERIOD)
    computed = []
    table = figures.table
    monkeypatch.setattr(figures, "table", lambda name, *args: computed.append(name) or table(name, *args))
    for name in charts.CHART_NAMES:
        assert manager_client.get(reverse("insight:chart", args=[name]), PERIOD).status_code == 200
    assert computed == []
    manager_client.get(reverse("insight:chart", args=["map"]), {**PERIOD, "channel": "web"})
    assert computed == ["map"]  # other filters: computed afresh
