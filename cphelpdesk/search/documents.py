"""What an app hands to the search index: one Document per searchable item."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

AUDIENCES = ("public", "members", "staff")


@dataclass(frozen=True)
class Document:
    """One searchable item, flattened by the app that owns it (library resources, queries, posts)."""

    kind: str
    object_id: int
    title: str
    body: str
    language: str = ""  # the document's language: en, fr, es, pt, ar or ""
    topic_text: str = ""  # topic names (all languages), boosted
    topics: Sequence[str] = ()  # topic codes (facet)
    countries: Sequence[str] = ()  # ISO alpha-2 codes (facet)
    languages: Sequence[str] = ()  # languages the item exists in (facet; default [language])
    doc_type: str = ""
    year: int | None = None
    audience: str = "staff"  # public | members | staff
    published: bool = True
    updated: datetime.datetime | None = None  # when the item last changed: browse order (default: now)
