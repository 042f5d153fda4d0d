"""A manager opens the dashboard with the browser, changes the period and a filter, and downloads a CSV;
a member is refused."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cphelpdesk.directory.models import Country, Desk
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.models import Query
from tests.e2e.conftest import log_in
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = [pytest.mark.e2e]


def test_a_manager_reads_the_dashboard_and_downloads_a_csv(contexts, reference_data):
    for iso2, language in (("KE", "en"), ("ML", "fr"), ("CO", "es")):
        make_query(country=Country.objects.get(iso2=iso2), language=language)
    old = make_query(country=Country.objects.get(iso2="SD"))
    Query.objects.filter(pk=old.pk).update(received_at=timezone.now() - datetime.timedelta(days=500))
    manager = staff_with_mfa(Role.MANAGER)
    page = log_in(contexts, manager)
    page.goto("/insight/")
    expect(page.locator("main")).to_contain_text("3 requests")

    # A period that reaches back to the old query, then the French desk only.
    start = (timezone.localdate() - datetime.timedelta(days=600)).isoformat()
    page.get_by_label("From:", exact=True).fill(start)
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("4 requests")
    page.get_by_label("Desk").select_option(str(Desk.objects.get(code="fr").pk))
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("1 request")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the headline figures (CSV)").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as downloaded:
        rows = downloaded.read().splitlines()
    assert download_info.value.suggested_filename.endswith(".csv") and len(rows) > 1


def test_a_member_is_refused(contexts, reference_data):
    page = log_in(contexts, MemberFactory())
    response = page.goto("/insight/")
    assert response.status == 403


def test_a_manager_prints_the_report_with_every_chart(contexts, reference_data):
    for iso2 in ("KE", "ML", "CO"):
        make_query(country=Country.objects.get(iso2=iso2))
    page = log_in(contexts, staff_with_mfa(Role.MANAGER))
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.goto("/insight/")
    page.get_by_role("link", name="Printable report").click()
    expect(page.locator("main")).to_contain_text("3 requests from 3 countries")
    charts = page.locator("img.chart")
    expect(charts).to_have_count(11)
    page.wait_for_load_state("networkidle")
    assert all(charts.nth(n).evaluate("image => image.complete && image.naturalWidth > 0") for n in range(11))
    page.emulate_media(media="print")
    expect(page.locator("form.filter-form")).to_be_hidden()
    expect(page.get_by_role("link", name="Download this report (PDF)")).to_be_hidden()
    expect(page.locator("#tile-requests")).to_be_visible()
    assert len(page.pdf(format="A4")) > 10_000 and not refused
