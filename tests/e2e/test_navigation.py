"""In a browser, as each role: every page the role may use is reached by following the links a person sees,
from their landing page and the home page (the crawl of tests/core/test_navigation.py, clicked for real)."""

from urllib.parse import urlsplit

import pytest

from cphelpdesk.directory.roles import Role
from tests.core.test_navigation import is_full_page, pages_without_arguments
from tests.factories import PASSWORD, MemberFactory

pytestmark = [pytest.mark.e2e]


@pytest.mark.parametrize("role", list(Role))
def test_every_page_a_role_may_use_is_reached_by_following_links(contexts, client, settings, reference_data, role):
    settings.HELPDESK_REQUIRE_STAFF_MFA = False  # as in the demo; MFA has its own tests
    person = MemberFactory(roles=[role])
    client.force_login(person)
    candidates = pages_without_arguments()
    usable = {path for path in candidates if is_full_page(client.get(path))}

    page = contexts().new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    landing = urlsplit(page.url).path
    assert not landing.startswith("/accounts/login"), f"{role}: the login did not go through"
    reached, waiting = {landing, "/"}, [landing, "/"]
    while waiting:
        page.goto(waiting.pop())
        for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))"):
            parts = urlsplit(href)
            if not parts.netloc and parts.path in candidates and parts.path not in reached:
                reached.add(parts.path)
                waiting.append(parts.path)
    assert usable - reached == set(), f"{role}: pages nobody can reach by clicking"
