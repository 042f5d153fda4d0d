"""The API's documentation page: light, readable without JavaScript, in the site's accessible layout."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_api_docs_are_a_light_page_that_says_every_operation(client):
    response = client.get("/api/docs")
    page = response.content.decode()
    assert response.status_code == 200 and len(response.content) < 50_000
    assert re.search(r'<html lang="en"', page)
    # No Swagger UI: nothing but the site's own scripts, and no stylesheet from elsewhere.
    assert set(re.findall(r'<script src="([^"]+)"', page)) <= {"/static/js/htmx.min.js", "/static/js/choice-filter.js"}
    assert "swagger" not in page.lower()
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert f"<code>{method.upper()} {path}</code>" in page
            assert operation["summary"] in page
    assert '<section id="schema-QueryIn"' in page and "no_child_details_confirmed" in page
    assert 'href="/api/openapi.json"' in page
