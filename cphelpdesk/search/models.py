"""The search index: one entry per searchable item, its facet values and the vocabulary for "did you mean".

The engine's own structures live beside these tables and are created by migration 0001 for the database in use:
on SQLite the FTS5 table `search_fts` (rowid = SearchEntry.id, kept in step by `index` and by a delete trigger),
on PostgreSQL the `tsv` column of `search_searchentry` with its GIN index. Neither is a Django field, so a later
migration that makes SQLite rebuild `search_searchentry` must recreate the trigger (see migration 0001).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

BODY_LIMIT = 20_000  # characters of raw text kept for snippets


class Audience(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members")
    STAFF = "staff", _("staff")


class SearchEntry(models.Model):
    """One indexed item (a resource, a query, a post), with what scopes and browsing need."""

    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.BigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    title = models.TextField(_("title"))
    body = models.TextField(_("body"), blank=True, help_text=_("Raw text kept for snippets (truncated)."))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.STAFF)
    published = models.BooleanField(_("published"), default=True)
    doc_type = models.CharField(_("type"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")]
        indexes = [models.Index(fields=["updated", "id"], name="search_entry_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title[:60]}"


class SearchFacet(models.Model):
    """One facet value of an entry: type, topic, country, language or year (multi-valued)."""

    NAMES = ("type", "topic", "country", "language", "year")

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets", db_index=False)
    name = models.CharField(_("name"), max_length=20)
    value = models.CharField(_("value"), max_length=100)

    class Meta:
        verbose_name = _("search facet")
        verbose_name_plural = _("search facets")
        indexes = [
            # Filtering (name, value) -> entries, and counting an entry's values, are both index-only.
            models.Index(fields=["name", "value", "entry"], name="search_facet_value"),
            models.Index(fields=["entry", "name", "value"], name="search_facet_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class SearchTerm(models.Model):
    """A folded, unstemmed word seen in indexed text: the candidates for "did you mean".

    Only ever added to (a word of a deleted entry stays until a full rebuild); a suggestion is offered only
    when it finds results the searcher may see, so a stale or private word is never shown.
    """

    term = models.CharField(_("term"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.term
