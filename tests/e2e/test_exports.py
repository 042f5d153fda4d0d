"""In the browser, without JavaScript tricks: a manager downloads the whole dashboard as XLSX and exports the
filtered queue with message content; a reason is asked for first."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import make_query, staff_with_mfa

pytestmark = [pytest.mark.e2e]


def _workbook(download):
    with open(download.path(), "rb") as downloaded:
        return load_workbook(io.BytesIO(downloaded.read()))


def test_a_manager_downloads_the_dashboard_and_exports_the_queue(contexts, reference_data):
    mali = make_query(subject="Mali ToR", country=Country.objects.get(iso2="ML"), language="fr")
    make_query(subject="Kenya IM", country=Country.objects.get(iso2="KE"))
    page = log_in(contexts, staff_with_mfa(Role.MANAGER))

    page.goto("/insight/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the whole dashboard (XLSX, one sheet per table)").click()
    assert "Headline" in _workbook(download_info.value).sheetnames

    page.goto("/staff/queries/")
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Country").select_option(str(mali.country_id))
    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Export these queries", exact=True).click()
    page.get_by_label("XLSX (Excel").check()
    page.get_by_label("Include message content").check()
    page.get_by_role("button", name="Download").click()
    expect(page.locator("main")).to_contain_text("Say why you need the message content.")

    page.get_by_label("Why you need the message content").fill("Review of the Mali questions")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    rows = list(_workbook(download_info.value)["Queries"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [mali.reference] and "Mali ToR" in rows[1]
    entry = AuditEntry.objects.get(action="query_list.exported")
    assert entry.details["reason"] == "Review of the Mali questions" and entry.details["count"] == 1
