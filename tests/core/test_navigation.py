"""Every page a role may use is reachable by clicking, from the navigation or the person's home page."""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cphelpdesk.directory.roles import Role
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

# Not pages to browse to: the login flow, machine endpoints, the terms notice shown before anything else,
# the question form's live suggestions (fetched while typing), and the admin's inner pages (the admin has
# its own navigation from its index).
NOT_BROWSED = ("/accounts/", "/api/", "/healthz", "/i18n/", "/privacy/accept/", "/dashboard/",
               "/resources/suggest/")


def pages_without_arguments() -> set[str]:
    """The paths of every URL pattern that takes no argument."""
    paths = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if "<" in route or "(" in route:
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                paths.add("/" + route)

    walk(get_resolver().url_patterns, "")
    return {path for path in paths if not path.startswith(NOT_BROWSED)
            and (not path.startswith("/admin/") or path == "/admin/")}


def is_full_page(response) -> bool:
    return response.status_code == 200 and response.content.lstrip().lower().startswith(b"<!doctype html>")


def links(response) -> set[str]:
    found = set()
    for href in re.findall(rb'href="([^"#]*)"', response.content):
        parts = urlsplit(html.unescape(href.decode()))
        if not parts.netloc and parts.path.startswith("/"):
            found.add(parts.path)
    return found


@pytest.mark.parametrize("role", list(Role))
def test_every_page_a_role_may_use_is_reachable_by_clicking(client, settings, role):
    settings.HELPDESK_REQUIRE_STAFF_MFA = False  # as in the demo; MFA has its own tests
    client.force_login(MemberFactory(roles=[role]))
    candidates = pages_without_arguments()
    usable = {path for path in candidates if is_full_page(client.get(path))}

    landing = client.get(reverse("site:dashboard"), follow=True)
    reached, waiting = {landing.request["PATH_INFO"], "/"}, [landing.request["PATH_INFO"], "/"]
    while waiting:
        for path in links(client.get(waiting.pop())) & candidates - reached:
            reached.add(path)
            waiting.append(path)
    assert usable - reached == set(), f"{role}: pages nobody can reach by clicking"


def test_the_first_visit_finds_an_icon_and_no_404(client):
    home = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', home)[1]
    assert client.get("/favicon.ico")["Location"] == icon  # for those that ask without reading the page
    assert icon == "/static/favicon.ico"
    with open(finders.find("favicon.ico"), "rb") as stored:
        assert stored.read(4) == b"\0\0\1\0"  # an icon file (the served copy: tests/core/test_serve.py)
