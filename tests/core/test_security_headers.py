"""Security headers on every page: CSP without inline script, no framing, no sniffing."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_need_no_inline_script_or_style(client):
    page = client.get("/").content.decode()
    assert "<script>" not in page and "<style" not in page and " style=" not in page


def test_forms_are_protected_against_csrf(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/i18n/setlang/", {"language": "fr"}).status_code == 403
