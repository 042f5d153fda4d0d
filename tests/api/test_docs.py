"""The API's documentation page: light, readable without JavaScript, in the site's accessible layout."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_api_docs_are_light_pages_that_say_every_operation(client):
    response = client.get("/api/docs")
    page = response.content.decode()
    assert response.status_code == 200 and len(response.content) < 50_000
    assert re.search(r'<html lang="en"', page)
    # No Swagger UI: nothing but the site's own scripts, and no stylesheet from elsewhere.
    assert set(re.findall(r'<script src="([^"]+)"', page)) <= {"/static/js/htmx.min.js", "/static/js/choice-filter.js"}
    assert "swagger" not in page.lower()
    assert 'href="/api/openapi.json"' in page and '<tr id="problem-bad-signature">' in page
    schema = client.get("/api/openapi.json").json()
    sections = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            # The first page lists every operation, and links to its section's page, which explains it.
            assert f"<code>{method.upper()} {path}</code>" in page
            assert operation["summary"] in page
            sections.setdefault((operation.get("tags") or ["queries"])[0], []).append((method, path))
    assert set(sections) == {"queries", "gaps", "resources", "ratings", "communities"}
    for section, operations in sections.items():
        explained = client.get(f"/api/docs?section={section}")
        assert explained.status_code == 200 and len(explained.content) < 50_000, section
        text = explained.content.decode()
        assert all(f"<h2><code>{method.upper()} {path}</code>" in text for method, path in operations)
    queries = client.get("/api/docs?section=queries").content.decode()
    assert '<section id="schema-QueryIn"' in queries and "no_child_details_confirmed" in queries
    assert '<section id="schema-TelegramUpdate"' not in queries
    communities = client.get("/api/docs?section=communities").content.decode()
    assert '<section id="schema-TelegramMessage"' in communities and "X-CPH-Signature" in communities
    assert client.get("/api/docs?section=nothing").status_code == 404
