"""A member logs in with the browser and switches the interface to Arabic and French."""

import pytest

from tests.factories import PASSWORD, MemberFactory

pytestmark = [pytest.mark.e2e]


def test_member_logs_in_and_switches_language(page, reference_data):
    member = MemberFactory(full_name="Aminata Traoré", preferred_language="en")

    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/queries/mine/")  # a member lands on their questions
    assert page.get_by_role("heading", name="My questions").is_visible()

    page.get_by_label("Language", exact=True).select_option("ar")
    page.get_by_role("button", name="Change").click()
    page.wait_for_selector("html[dir=rtl]")
    assert page.locator("html").get_attribute("lang") == "ar"
    # The header mirrors: the language switcher now sits on the left.
    switcher = page.locator(".language-switcher").bounding_box()
    brand = page.locator(".brand").bounding_box()
    assert switcher["x"] < brand["x"]

    page.locator("#language-select").select_option("fr")
    page.locator(".language-switcher button").click()
    page.wait_for_selector("html[lang=fr]")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", name="Mes questions").is_visible()
