"""Keeping the index in step with the data: update and remove in the caller's transaction, rebuild from sources.

Apps describe their items as `Document`s and call `update`/`remove` from their actions, inside the same
transaction as the change itself, so the index is never ahead of or behind the data. They also register a
source (`register_source`) in `AppConfig.ready`, from which `rebuild` recreates their part of the index.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from cphelpdesk.search import analysis
from cphelpdesk.search.backends import engine, forget_counts
from cphelpdesk.search.documents import AUDIENCES, Document
from cphelpdesk.search.glossary import matcher
from cphelpdesk.search.models import BODY_LIMIT

logger = logging.getLogger(__name__)

ANALYSED_LIMIT = 60_000  # characters of body text analysed (PostgreSQL positions stop at 16,383 words)
REBUILD_BATCH = 500
KIND_LIMIT = 30

_sources: dict[str, Callable[[], Iterable[Document]]] = {}


def register_source(kind: str, documents: Callable[[], Iterable[Document]]) -> None:
    """Declare where `rebuild` finds every Document of `kind` (call from AppConfig.ready)."""
    _sources[kind] = documents


def unregister_source(kind: str) -> None:
    """Forget a source (tests register their own)."""
    _sources.pop(kind, None)


def sources() -> dict[str, Callable[[], Iterable[Document]]]:
    """The registered sources, by kind."""
    return dict(_sources)


def _analysed(text: str, language: str) -> tuple[str, list[str]]:
    """The indexed text of one field (its terms, then one concept token per glossary term found), and its words."""
    raws, terms = analysis.analyse(text, language)
    concepts = matcher().document_concepts(raws, terms, language)
    return " ".join([found for found in terms if found] + concepts), raws


def analysed_fields(document: Document) -> tuple[str, str, str, set[str]]:
    """The analysed title, topics and body of a document as the engines index them, and its vocabulary words."""
    language = analysis.normalise_language(document.language)
    title, title_words = _analysed(document.title, language)
    topics, _ = _analysed(document.topic_text, language)
    body, body_words = _analysed(document.body[:ANALYSED_LIMIT], language)
    return title, topics, body, analysis.vocabulary_words(title_words, body_words)


def _facets(document: Document) -> list[tuple[str, str]]:
    language = analysis.normalise_language(document.language)
    languages = document.languages or ([language] if language else [])
    values = [("type", document.doc_type)] if document.doc_type else []
    values += [("topic", code) for code in document.topics]
    values += [("country", code.upper()) for code in document.countries]
    values += [("language", code.lower()) for code in languages]
    if document.year is not None:
        values.append(("year", str(document.year)))
    return list(dict.fromkeys((name, str(value).replace("\x00", "")[:100]) for name, value in values if value))


def update(document: Document) -> None:
    """Add or replace the index entry of `document`, with its facets, in the caller's transaction.

    Preconditions: `document.audience` is one of public, members, staff; `document.kind` has at most 30
    characters.
    """
    if document.audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {document.audience!r}")
    if not 0 < len(document.kind) <= KIND_LIMIT:
        raise ValueError(f"kind must be 1 to {KIND_LIMIT} characters, not {document.kind!r}")
    language = analysis.normalise_language(document.language)
    title, topics, body, vocabulary = analysed_fields(document)
    updated = document.updated or timezone.now()
    if timezone.is_naive(updated):
        updated = timezone.make_aware(updated, datetime.UTC)
    values = {
        "kind": document.kind, "object_id": int(document.object_id), "language": language,
        # PostgreSQL text cannot hold NUL characters; they mean nothing in a title or a body anyway.
        "title": document.title.replace("\x00", ""), "body": document.body[:BODY_LIMIT].replace("\x00", ""),
        "audience": document.audience,
        "published": bool(document.published), "doc_type": document.doc_type[:60], "year": document.year,
        "updated": updated,
    }
    facets = _facets(document)
    # "Did you mean" shows its words to any searcher: only what everyone may read adds to it (search.models).
    words = sorted(vocabulary) if document.audience == "public" and document.published else []
    backend = engine()
    # No savepoint: a failure here fails the caller's transaction as a whole, which is what it must do anyway.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        backend.write(cursor, values, title, topics, body, facets, words)
    forget_counts()


def remove(kind: str, object_id: int) -> None:
    """Remove the index entry of one item (nothing happens when there is none), in the caller's transaction."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchterm WHERE entry_id IN "
                       "(SELECT id FROM search_searchentry WHERE kind = %s AND object_id = %s)", [kind, object_id])
        cursor.execute("DELETE FROM search_searchfacet WHERE entry_id IN "
                       "(SELECT id FROM search_searchentry WHERE kind = %s AND object_id = %s)", [kind, object_id])
        # On SQLite the delete trigger of migration 0001 removes the FTS5 row; on PostgreSQL it is the row.
        cursor.execute("DELETE FROM search_searchentry WHERE kind = %s AND object_id = %s", [kind, object_id])
    forget_counts()


def rebuild(kinds: Iterable[str] | None = None, *, batch_size: int = REBUILD_BATCH,
            report: Callable[[str, int], None] | None = None) -> int:
    """Drop and rebuild the index of `kinds` (every registered kind when None) from their sources.

    With no kinds, entries of kinds no longer registered are dropped too (with their vocabulary words).
    Documents are written in batches of `batch_size`, each in its own transaction, so searches
    see the index fill up rather than wait. Returns the number of documents indexed; `report(kind, count)` is
    called once per kind.
    """
    wanted = list(_sources) if kinds is None else list(dict.fromkeys(kinds))
    unknown = [kind for kind in wanted if kind not in _sources]
    if unknown:
        raise ValueError(f"no search source registered for {', '.join(unknown)}")
    backend = engine()
    with transaction.atomic(), connection.cursor() as cursor:
        if kinds is None:
            backend.delete_kind(cursor, None)
        else:
            for kind in wanted:
                backend.delete_kind(cursor, kind)
    forget_counts()
    total = 0
    for kind in wanted:
        count = 0
        documents = iter(_sources[kind]())
        while batch := list(islice(documents, batch_size)):
            with transaction.atomic():
                for document in batch:
                    if document.kind != kind:
                        raise ValueError(f"the {kind} source gave a {document.kind} document")
                    update(document)
            count += len(batch)
        logger.info("search index: %s %s documents", count, kind)
        if report:
            report(kind, count)
        total += count
    return total

