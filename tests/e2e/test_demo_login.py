"""The demo as a newcomer meets it: each demo login lands on a working page, not on a form to fill first."""

import pytest

from cphelpdesk.directory.demo import DEMO_DOMAIN, DEMO_PASSWORD
from cphelpdesk.site.management.commands.seed_demo import seed_demo

pytestmark = [pytest.mark.e2e]


def test_demo_logins_land_on_their_own_working_page(contexts, reference_data, settings):
    settings.HELPDESK_REQUIRE_STAFF_MFA = False  # as `make run` sets it
    seed_demo(seed=1, report=lambda *_: None)

    def log_in(email):
        page = contexts().new_page()
        page.set_default_timeout(15_000)
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.locator("main").get_by_role("button", name="Sign In").click()
        return page

    member = log_in(f"member@{DEMO_DOMAIN}")
    member.wait_for_url("**/queries/mine/")
    assert member.get_by_role("heading", name="My questions").is_visible()
    assert member.locator("tbody tr").count() > 0  # the demo member's own questions, at once

    manager = log_in(f"manager@{DEMO_DOMAIN}")
    manager.wait_for_url("**/staff/")
    manager.locator("main").get_by_role("link", name="Insight").click()
    manager.wait_for_url("**/insight/")
    assert manager.get_by_role("heading", level=1).is_visible()
    assert "/privacy/accept/" not in manager.url
