"""Helpers for the search tests: documents indexed directly, scopes that see everything."""

import pytest

from cphelpdesk.search import index
from cphelpdesk.search.documents import Document
from cphelpdesk.search.engine import Scope, search

EVERYTHING = [Scope("resource", published_only=False)]


def doc(object_id: int, title: str, body: str = "", **fields) -> Document:
    """A public English resource unless said otherwise."""
    fields.setdefault("language", "en")
    fields.setdefault("audience", "public")
    return Document(kind="resource", object_id=object_id, title=title, body=body, **fields)


def found(text: str, scopes=None, **options) -> list[int]:
    """Object ids of every result (up to 100) for `text`, best first."""
    results = search(text, scopes=EVERYTHING if scopes is None else scopes, per_page=100, **options)
    return [hit.object_id for hit in results.hits]


@pytest.fixture
def indexed(db):
    """Index documents as an app's action would: indexed(doc(...), ...)."""
    def add(*documents: Document) -> None:
        for document in documents:
            index.update(document)

    return add


@pytest.fixture
def filler(indexed):
    """Unrelated documents, so that the terms of a test are rare enough for ranking to mean something."""
    topics = ["water supply in settlements", "road repair schedule", "budget lines for fuel", "office rental contract",
              "vehicle fleet maintenance", "printer toner stock", "staff leave calendar", "generator noise levels"]
    indexed(*(doc(900 + number, f"Logistics note {number}", text) for number, text in enumerate(topics)))


@pytest.fixture
def glossary_changes():
    """For tests that edit the glossary: the compiled matcher is forgotten again afterwards (the edit rolls back)."""
    from cphelpdesk.search.glossary import MATCHER

    yield
    MATCHER.clear()


@pytest.fixture
def source():
    """Register a "testdoc" source whose documents the test sets: source.extend([...])."""
    documents: list[Document] = []
    previous = index.sources().get("testdoc")
    index.register_source("testdoc", lambda: list(documents))
    yield documents
    index.unregister_source("testdoc")
    if previous is not None:
        index.register_source("testdoc", previous)
