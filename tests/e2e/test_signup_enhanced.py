"""Sign-up works without JavaScript, and htmx refreshes the organisation list when the country changes."""

import pytest
from playwright.sync_api import expect

from cphelpdesk.directory.models import Country
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.e2e]


def test_changing_country_refreshes_the_organisation_list(page, reference_data):
    OrganisationFactory(name="Association Malienne pour l'Enfance").countries.add(Country.objects.get(iso2="ML"))
    OrganisationFactory(name="Fundación Niñez Segura Cúcuta").countries.add(Country.objects.get(iso2="CO"))

    page.goto("/accounts/signup/")
    page.get_by_label("Country where you work").select_option(label="Mali")
    page.get_by_role("button", name="Continue").click()
    organisation = page.locator("#id_organisation")
    assert "Association Malienne" in organisation.inner_text()

    page.locator("#id_country").select_option(label="Colombia")
    # Playwright's own waiting (a page-side eval would be refused by our Content Security Policy).
    expect(page.locator("#id_organisation")).to_contain_text("Cúcuta")
    assert "Association Malienne" not in page.locator("#id_organisation").inner_text()
    assert page.locator("#id_password1").is_visible()  # the rest of the form is untouched


def test_sign_up_page_without_javascript(browser, live_server, reference_data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/signup/")
    page.get_by_label("Country where you work").select_option(label="Colombia")
    page.get_by_role("button", name="Continue").click()
    assert page.locator("#id_password1").is_visible()
    assert page.locator("#id_country option[selected]").inner_text() == "Colombia"
    context.close()
