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
    """A folded, unstemmed word of one entry open to everyone: the candidates for "did you mean".

    A suggestion is shown to whoever searches, so the vocabulary holds only words every reader may see: the
    title and text of published entries whose audience is the public (published public resources). Queries,
    drafts and members' or staff resources never add a word, so a child's name typed in a query is never
    suggested. Each word is kept per entry: rewriting or removing an entry rewrites or removes its words, so
    the vocabulary forgets what is removed (a word stays while any public entry still has it).
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+", db_index=False)
    term = models.CharField(_("term"), max_length=40)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        indexes = [models.Index(fields=["term"], name="search_term"),
                   models.Index(fields=["entry"], name="search_term_entry")]

    def __str__(self) -> str:
        return self.term
