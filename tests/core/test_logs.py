"""Logs keep request paths without query strings (search words) and without the credentials of personal links."""

import logging
from datetime import timedelta

import pytest

from cphelpdesk.core.logs import AccessLogger, loggable_url

pytestmark = pytest.mark.django_db

SECRET = "eyJpIjo0MiwibiI6ImFiYyJ9:1tQx2Y:abc-DEF_123"  # as django.core.signing makes them
CREDENTIAL_LINKS = [
    f"/referrals/{SECRET}/",
    f"/feedback/CPH-2026-0042/{SECRET}/",
    f"/survey/{SECRET}/",
    f"/unsubscribe/{SECRET}/",
    f"/accounts/confirm-email/{SECRET}/",
    f"/accounts/password/reset/key/4-{SECRET}/",
]


@pytest.mark.parametrize("link", CREDENTIAL_LINKS)
def test_requests_to_personal_links_are_logged_without_their_token(client, caplog, link):
    from django.test import Client

    with caplog.at_level(logging.INFO):
        client.get(link + "?lang=fr", HTTP_REFERER=f"https://helpdesk.example.org{link}")
        client.get(link + "x-not-a-token-route/")
        # A CSRF refusal (or, for the one-click unsubscribe, which takes no CSRF token, a refused link).
        assert Client(enforce_csrf_checks=True).post(link, {"answer": "x"}).status_code in {400, 403}
    assert caplog.records  # something was logged about each link, and none of it holds the token
    for record in caplog.records:
        assert SECRET not in record.getMessage()
    assert SECRET not in loggable_url(f"GET {link}?a=1 HTTP/1.1")
    assert SECRET not in loggable_url(f"https://helpdesk.example.org{link}")


def test_search_words_never_reach_the_log(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/staff/search/?q=Amina+Diallo")  # anonymous: redirected to log in, with the words in `next`
        client.get("/nowhere/?q=Amina+Diallo")  # a 404, which django.request logs
    assert "/nowhere/" in caplog.text and "Amina" not in caplog.text


def test_the_gunicorn_access_log_writes_paths_without_query_strings_or_tokens(client, capsys):
    """gunicorn's own logger class, fed the environ of a real request made through Django's test client."""
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %(q)s %({location}o)s')
    logger = AccessLogger(config)
    for url in (*[link + "?x=1" for link in CREDENTIAL_LINKS], "/staff/search/?q=Amina+Diallo"):
        response = client.get(url, HTTP_REFERER=f"https://helpdesk.example.org{url}")
        environ = {**response.wsgi_request.environ, "RAW_URI": url, "SERVER_PROTOCOL": "HTTP/1.1"}

        class Sent:
            status, sent = f"{response.status_code} X", 10
            headers = list(response.items())

        logger.access(Sent, [], environ, timedelta(seconds=0.01))
    written = capsys.readouterr().out
    assert written.count('"GET /') == len(CREDENTIAL_LINKS) + 1
    assert SECRET not in written and "Amina" not in written
    assert '"GET /survey/[hidden]/ HTTP/1.1"' in written and " /staff/search/ " in written


def test_an_encoded_token_is_hidden_too_and_no_decoded_line_break_reaches_the_log():
    encoded = f"/survey/{SECRET.replace(':', '%3A')}/"
    assert loggable_url(f"GET {encoded} HTTP/1.1") == "GET /survey/[hidden]/ HTTP/1.1"
    assert "\n" not in loggable_url("/nowhere%0A127.0.0.1 GET /forged/")
