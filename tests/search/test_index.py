"""Index writes follow the caller's transaction; remove, re-index, rebuild and the two commands."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from cphelpdesk.search import index
from cphelpdesk.search.documents import Document
from cphelpdesk.search.engine import Scope, search
from cphelpdesk.search.models import SearchEntry, SearchFacet, SearchTerm
from tests.search.conftest import doc, found

TESTDOC = [Scope("testdoc", published_only=False)]


def engine_rows() -> int:
    """Rows in the engine's own structure (the FTS5 table on SQLite, non-null tsv on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM search_fts")
        else:
            cursor.execute("SELECT count(*) FROM search_searchentry WHERE tsv IS NOT NULL")
        return cursor.fetchone()[0]


def other(object_id: int, title: str, body: str = "", **fields) -> Document:
    """A document of the test-only kind "testdoc" (English unless said)."""
    fields.setdefault("language", "en")
    return Document(kind="testdoc", object_id=object_id, title=title, body=body, **fields)


@pytest.mark.django_db(transaction=True)
def test_an_update_rolled_back_leaves_no_index_row():
    with pytest.raises(RuntimeError), transaction.atomic():
        index.update(doc(1, "Rolled back", "Interim care", countries=["ML"]))
        assert found("interim") == [1]  # visible inside the transaction
        raise RuntimeError("the action failed after indexing")
    assert not SearchEntry.objects.exists() and not SearchFacet.objects.exists()
    assert engine_rows() == 0
    assert found("interim") == []
    with transaction.atomic():
        index.update(doc(2, "Committed", "Interim care"))
    assert found("interim") == [2] and engine_rows() == 1


@pytest.mark.django_db
def test_reindexing_replaces_the_entry_and_its_facets(indexed):
    indexed(doc(1, "First title", "alpha text", countries=["ML"], topics=["IM"]))
    indexed(doc(1, "Second title", "beta text", countries=["NE"], audience="members"))
    assert SearchEntry.objects.count() == 1 and engine_rows() == 1
    assert found("alpha") == [] and found("beta") == [1]
    entry = SearchEntry.objects.get()
    assert (entry.title, entry.audience) == ("Second title", "members")
    assert set(entry.facets.values_list("name", "value")) == {("country", "NE"), ("language", "en")}


@pytest.mark.django_db
def test_remove(indexed):
    indexed(doc(1, "Kept", "interim care"), doc(2, "Removed", "interim care", countries=["ML"]))
    index.remove("resource", 2)
    index.remove("resource", 99)  # nothing to remove is fine
    assert found("interim") == [1]
    assert SearchEntry.objects.count() == 1 and engine_rows() == 1
    assert not SearchFacet.objects.filter(value="ML").exists()


@pytest.mark.django_db
def test_stored_text_is_capped_and_cleaned(indexed):
    long_body = "word " * 10_000 + "needle"
    indexed(doc(1, "Long\x00 title", long_body))
    entry = SearchEntry.objects.get()
    assert len(entry.body) == 20_000 and entry.title == "Long title"
    assert found("needle") == [1]  # the whole text is searched, beyond what is kept for snippets
    assert SearchTerm.objects.filter(term="needle").exists()


@pytest.mark.django_db
def test_rejects_unknown_audiences():
    with pytest.raises(ValueError, match="audience"):
        index.update(doc(1, "Title", audience="everyone"))


@pytest.mark.django_db
def test_rebuild_from_registered_sources(indexed, source):
    source.extend([other(1, "Alpha guide", "interim care"), other(2, "Beta guide", "interim care")])
    indexed(other(3, "Stale", "interim care"), doc(1, "A resource", "interim care"))
    assert index.rebuild(["testdoc"], batch_size=1) == 2
    assert [hit.object_id for hit in search("interim", scopes=TESTDOC).hits] == [2, 1]
    assert found("interim") == [1]  # other kinds are left alone
    assert index.rebuild() == 2
    assert found("interim") == []  # a full rebuild drops kinds nobody registered
    with pytest.raises(ValueError, match="no search source"):
        index.rebuild(["nothing"])


@pytest.mark.django_db
def test_rebuild_index_command(source):
    source.extend([other(1, "Alpha guide", "interim care"), other(2, "Beta guide", "interim care")])
    out = StringIO()
    call_command("rebuild_index", "--kind", "testdoc", stdout=out)
    assert "testdoc: 2" in out.getvalue() and "Indexed 2 documents" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("rebuild_index", "--kind", "nothing", stdout=StringIO())


@pytest.mark.django_db
def test_search_command(indexed, source):
    indexed(
        other(1, "Interim care for UASC", "Interim care in transit centres.", audience="staff", published=False),
        other(2, "Family tracing", "Family tracing and reunification.", audience="public"),
        other(3, "Prise en charge", "Les enfants non accompagnés et séparés.", language="fr"),
    )
    out = StringIO()
    call_command("search", "UASC", "--json", "--kind", "testdoc", stdout=out)
    results = json.loads(out.getvalue())
    assert {result["id"] for result in results} == {1, 3}  # staff see unpublished and staff-only items
    assert all({"id", "kind", "title", "score"} <= set(result) for result in results)
    assert results[0]["kind"] == "testdoc" and results[0]["score"] >= results[-1]["score"]
    out = StringIO()
    call_command("search", "enfant", "--lang", "fr", "--limit", "1", "--kind", "testdoc", stdout=out)
    assert "1 results" in out.getvalue() and "[testdoc 3] Prise en charge" in out.getvalue()
    assert "[enfants]" in out.getvalue()
    out = StringIO()
    call_command("search", "reunificaton", "--kind", "all", stdout=out)
    assert "Did you mean: reunification" in out.getvalue() and "Family tracing" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("search", "UASC", "--kind", "nothing", stdout=StringIO())
