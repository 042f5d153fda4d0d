"""Searching the index: ranked, scoped, filtered and faceted results, "did you mean" and "more like this".

Scopes and filters are conditions inside the SQL, never a filter on the results, so totals, pages and facet
counts only ever count what the searcher may see.
"""

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from html import escape

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from cphelpdesk.search import analysis
from cphelpdesk.search.backends import document_frequencies, engine, entry_count
from cphelpdesk.search.glossary import CONCEPT_PREFIX, GlossaryMatcher, matcher
from cphelpdesk.search.highlight import SNIPPET_CHARS, highlight, snippet
from cphelpdesk.search.models import SearchFacet
from cphelpdesk.search.query import AllOf, AnyOf, ParsedQuery, Phrase, Term, parse
from cphelpdesk.search.suggest import suggest

FOLDED_FACETS = {"country": str.upper, "language": str.lower}
COUNT_CAP = 1_000  # totals past this show as "more than 1,000" (total_is_capped)
MAX_PER_PAGE = 100
MAX_PAGE = 1_000
FEW_RESULTS = 2  # "did you mean" is looked for at or under this many results
SIMILAR_TERMS = 12
SIMILAR_CANDIDATES = 40
# "More like this" ranks at most this many entries by their text, then keeps those the scopes' object sets
# admit: testing visibility on a few hundred rows instead of joining every match to every visible object,
# which grew with the square of the index.
SIMILAR_POOL = 200
# A term in more than this share of the entries (or in COUNT_CAP of them or more) says little about likeness.
SIMILAR_COMMON_SHARE = 0.25
# The chosen terms together occur in at most this many entries: ranking costs what it matches, and the
# rarest terms are the most telling, so the cost stays the same however large the index grows.
SIMILAR_MATCH_BUDGET = 4_000
# How long "more like this" remembers a text's ranking: staff come back to a query's page after each action on
# it, and its "like this" panel is asked for each time. Something new and alike shows at the latest this late.
SIMILAR_REMEMBER_SECONDS = 300


@dataclass(frozen=True)
class Scope:
    """One kind the caller may search, with what this user may see of it."""

    kind: str
    audiences: frozenset[str] | None = None  # None: any
    published_only: bool = True
    object_ids: QuerySet | None = None  # e.g. visible_queries(user).values("pk"); None: no restriction


@dataclass(frozen=True)
class Hit:
    """One result; `title_html` and `snippet_html` are escaped HTML: a search's with matched words in <mark> and
    the snippet taken where they are densest, "more like this"'s plain (its lists name the items, nothing more)."""

    kind: str
    object_id: int
    score: float  # higher is better; comparable within one result list
    title: str
    title_html: SafeString
    snippet_html: SafeString
    language: str


@dataclass(frozen=True)
class SearchResults:
    """A page of results, with the total, the facet counts and maybe a corrected query."""

    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None
    query: ParsedQuery
    total_is_capped: bool = False  # more than COUNT_CAP results: `total` is COUNT_CAP
    corrected: bool = False  # the hits are for `suggestion` (search(..., autocorrect=True) found none otherwise)
    loosened: bool = False  # too few results had every word: these have some of them, best first
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """How many pages `total` makes."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _queryset_sql(object_ids: QuerySet) -> tuple[str, list]:
    if not object_ids.query.values_select:
        object_ids = object_ids.values("pk")
    sql, params = object_ids.query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


def permitted(scopes: Sequence[Scope], filters: Mapping[str, Sequence[str]] | None) -> tuple[str | None, list]:
    """SQL conditions on the entry alias `e` for what `scopes` allow and `filters` keep; None when nothing is."""
    alternatives, params = [], []
    for scope in scopes:
        conditions, scope_params = ["e.kind = %s"], [scope.kind]
        if scope.audiences is not None:
            audiences = sorted(scope.audiences)
            if not audiences:
                continue
            conditions.append(f"e.audience IN ({', '.join(['%s'] * len(audiences))})")
            scope_params += audiences
        if scope.published_only:
            conditions.append("e.published = %s")
            scope_params.append(True)
        if scope.object_ids is not None:
            try:
                sql, sub_params = _queryset_sql(scope.object_ids)
            except EmptyResultSet:  # .none(), or a filter Django knows matches nothing: this scope sees nothing
                continue
            conditions.append(f"e.object_id IN ({sql})")
            scope_params += sub_params
        alternatives.append("(" + " AND ".join(conditions) + ")")
        params += scope_params
    if not alternatives:
        return None, []
    where = "(" + " OR ".join(alternatives) + ")"
    for name, values in (filters or {}).items():
        if name not in SearchFacet.NAMES:
            raise ValueError(f"unknown facet {name!r}; facets are {', '.join(SearchFacet.NAMES)}")
        if isinstance(values, str):
            values = [values]
        # Values come from request parameters: as stored (no NUL, which PostgreSQL refuses; at most 100 characters).
        wanted = {str(value).replace("\x00", "")[:100] for value in values} - {""}
        if name in FOLDED_FACETS:  # stored as "ML" and "fr": accept "ml" and "FR" too
            wanted = {FOLDED_FACETS[name](value) for value in wanted}
        wanted = sorted(wanted)
        if not wanted:
            continue
        where += (" AND EXISTS (SELECT 1 FROM search_searchfacet f WHERE f.entry_id = e.id AND f.name = %s "
                  f"AND f.value IN ({', '.join(['%s'] * len(wanted))}))")
        params += [name, *wanted]
    return where, params


def _fetch(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _facet_counts(ids_sql: str, params: list) -> dict[str, list[tuple[str, int]]]:
    rows = _fetch("SELECT f.name, f.value, count(*) FROM search_searchfacet f "
                  f"WHERE f.entry_id IN ({ids_sql}) GROUP BY f.name, f.value", params)
    counts: dict[str, list[tuple[str, int]]] = {name: [] for name in SearchFacet.NAMES}
    for name, value, count in rows:
        counts.setdefault(name, []).append((value, count))
    return {name: sorted(values, key=lambda item: (-item[1], item[0])) for name, values in counts.items()}


def _plain_hits(rows: list) -> list[Hit]:
    """Hits from (id, score, kind, object_id, title, body, language) rows, escaped and not highlighted (the snippet
    the text's start): highlighting analyses every hit's text again."""
    return [Hit(kind=kind, object_id=object_id, score=float(score or 0.0), title=title,
                title_html=mark_safe(escape(title)), snippet_html=mark_safe(escape(body[:SNIPPET_CHARS])),  # noqa: S308
                language=language)
            for _id, score, kind, object_id, title, body, language in rows]


def _hits(rows: list, query: ParsedQuery, glossary: GlossaryMatcher) -> list[Hit]:
    """Hits from (id, score, kind, object_id, title, body, language) rows, highlighted for `query`."""
    return [
        Hit(kind=kind, object_id=object_id, score=float(score or 0.0), title=title,
            title_html=(highlight(title, language, query, glossary) if not query.is_empty
                        else mark_safe(escape(title))),  # noqa: S308
            snippet_html=snippet(body, language, query, glossary=glossary), language=language)
        for _id, score, kind, object_id, title, body, language in rows
    ]


class _Run:
    """One search's SQL, reusable for counting corrections within the same scopes and filters."""

    def __init__(self, where: str, params: list, prefer_language: str | None = None):
        self.where, self.params, self.backend = where, params, engine()
        self.prefer_language = prefer_language

    def conditions(self, query: ParsedQuery) -> tuple[str | None, str, list]:
        """(engine expression or None for browsing, where, params) for `query`."""
        where, params = self.where, list(self.params)
        if query.positive is None and query.negative:
            exclusion, exclusion_params = self.backend.excluding(self.backend.negative_expression(query))
            where, params = f"{where} AND {exclusion}", params + exclusion_params
        expression = self.backend.expression(query) if query.positive is not None else None
        return expression, where, params

    def ids(self, query: ParsedQuery) -> tuple[str, list]:
        expression, where, params = self.conditions(query)
        if expression is None:
            return f"SELECT e.id FROM search_searchentry e WHERE {where}", params
        return self.backend.matching_ids(expression, where, params)

    def count(self, query: ParsedQuery, cap: int = COUNT_CAP) -> int:
        sql, params = self.ids(query)
        return _fetch(f"SELECT count(*) FROM ({sql} LIMIT %s) AS found", [*params, cap + 1])[0][0]

    def ranked_entries(self, query: ParsedQuery, limit: int) -> list:
        """(id, score, kind, object_id, audience, published) of the best `limit` matches, best first."""
        expression, where, params = self.conditions(query)
        sql, params = self.backend.ranked(expression, where, params, limit, 0, query=query)
        return _fetch(f"SELECT page.id, page.score, r.kind, r.object_id, r.audience, r.published FROM ({sql}) "
                      "AS page JOIN search_searchentry r ON r.id = page.id ORDER BY page.score DESC, page.id DESC",
                      params)

    def scores(self, query: ParsedQuery, entry_ids: list[int]) -> dict[int, float]:
        """The scores `query` gives the entries `entry_ids` (those it matches)."""
        if not entry_ids:
            return {}
        expression, where, params = self.conditions(query)
        where = f"{where} AND e.id IN ({', '.join(['%s'] * len(entry_ids))})"
        sql, params = self.backend.ranked(expression, where, [*params, *entry_ids], len(entry_ids), 0,
                                          self.prefer_language, query)
        return {entry_id: score for entry_id, score in _fetch(sql, params)}

    @staticmethod
    def rows(ranked: list[tuple[int, float]]) -> list:
        """(id, score, kind, object_id, title, body, language) of the entries `ranked` lists, in its order."""
        if not ranked:
            return []
        found = {row[0]: row for row in _fetch(
            "SELECT r.id, r.kind, r.object_id, r.title, r.body, r.language FROM search_searchentry r "
            f"WHERE r.id IN ({', '.join(['%s'] * len(ranked))})", [entry_id for entry_id, _score in ranked])}
        return [(entry_id, score, *found[entry_id][1:]) for entry_id, score in ranked if entry_id in found]

    def page(self, query: ParsedQuery, limit: int, offset: int) -> list:
        """(id, score, kind, object_id, title, body, language) of one page of results, best first."""
        expression, where, params = self.conditions(query)
        if expression is None:
            sql, params = (f"SELECT e.id, 0.0 AS score FROM search_searchentry e WHERE {where} "
                           "ORDER BY e.updated DESC, e.id DESC LIMIT %s OFFSET %s", [*params, limit, offset])
            order = "r.updated DESC, r.id DESC"
        else:
            sql, params = self.backend.ranked(expression, where, params, limit, offset, self.prefer_language, query)
            order = "page.score DESC, page.id DESC"
        # The page's text is read after ranking, for its few rows only.
        return _fetch(f"SELECT page.id, page.score, r.kind, r.object_id, r.title, r.body, r.language FROM ({sql}) "
                      f"AS page JOIN search_searchentry r ON r.id = page.id ORDER BY {order}", params)


def _empty(query: ParsedQuery, page: int, per_page: int) -> SearchResults:
    return SearchResults(hits=[], total=0, page=page, per_page=per_page, suggestion=None, query=query,
                         facets={name: [] for name in SearchFacet.NAMES})


# Below this many results with every word, results with some of the words follow them.
LOOSEN_BELOW = 10


def _loose_parts(query: ParsedQuery) -> tuple:
    """The parts of which a loosened query needs only some: the query's words, a glossary term among them as one
    part (its words or its concept). A query that is one glossary term of several words is split into its own
    words and its concept ("maus-tratos infantis": "maus-tratos", "infantis" or the concept of child
    maltreatment), so that it loosens too."""
    children = query.positive.children if isinstance(query.positive, AllOf) else ()
    if len(children) == 1 and _is_concept_group(children[0]) and any(
            isinstance(member, AllOf) for member in children[0].children):
        return tuple(part for member in children[0].children
                     for part in (member.children if isinstance(member, AllOf) else (member,)))
    return children


def _loosenable(query: ParsedQuery) -> bool:
    """Plain words only (no quoted phrase, OR or exclusion: those say exactly what the searcher wants); a
    hyphenated compound counts as a plain word."""
    children = query.positive.children if isinstance(query.positive, AllOf) else ()
    return len(_loose_parts(query)) >= 2 and not query.negative and not any(
        isinstance(child, Phrase | AnyOf) and not _is_concept_group(child)
        and not (isinstance(child, Phrase) and child.compound) for child in children)


def _is_concept_group(node) -> bool:
    """A glossary expansion the parser made (words OR'ed with their concept), not the searcher's own OR."""
    return isinstance(node, AnyOf) and any(_is_concept(child) for child in node.children)


def _is_concept(node) -> bool:
    """A term of glossary concepts (or places)."""
    return isinstance(node, Term) and any(alternative.startswith(CONCEPT_PREFIX) for alternative in node.alternatives)


def _loose(query: ParsedQuery) -> ParsedQuery:
    """`query` with some of its words enough (for a loosenable query), a glossary term counting for its words."""
    return replace(query, positive=AllOf((AnyOf(tuple(_weighed(part) for part in _loose_parts(query))),)))


def _weighed(part):
    """A part of a loosened query; for a glossary term that says the whole of a meaning (or its acronym) in n
    items of the query (a word; a compound or a phrase counts once, a stop word not at all), its concept written
    n times. SQLite's bm25 adds up what each term of the query scores in an entry, so
    an entry holding the meaning in another language (the concept alone) then counts as holding those n words,
    as an entry in the query's language holding them does. Written once, the concept counted as one word, and one
    common word of the query's language ("الأطفال", "niños": rare in the whole index, which is mostly in other
    languages, but in most entries of that language) outranked the meaning of the others. A part of a meaning
    ("assessing the child" for a rapid assessment of child protection) says less than the concept: it counts once.
    PostgreSQL's score adds up its words and phrases too, each as often as the query holds it (backends)."""
    if not _is_concept_group(part) or part.words < 2:
        return part
    concept = next(child for child in part.children if _is_concept(child))
    return AnyOf((*part.children, *(concept,) * (part.words - 1)))


def _lead(run: _Run, loose: ParsedQuery, strict: list, more: list, known: dict[int, float]) -> list:
    """`strict` (every word) then `more` (some words), except that an entry of `more` scoring more than the engine's
    strict_lead times as high as one of `strict` goes before it (most of the words in its title, say). Both are
    scored by the loose query, so that they compare; the sort is stable. `known` holds loose scores already read
    (the loose page's): the engine scores an entry the same whatever else the statement selects, so the strict
    entries are scored again only when one of them is not among them."""
    strict_ids = [row[0] for row in strict]
    lead = known if all(entry_id in known for entry_id in strict_ids) else run.scores(loose, strict_ids)
    merged = [(lead.get(row[0], row[1]) * run.backend.strict_lead, row) for row in strict]
    return [row for _score, row in sorted(merged + [(row[1], row) for row in more], key=lambda item: -item[0])]


def search(text: str, *, scopes: Sequence[Scope], language: str | None = None,
           filters: Mapping[str, Sequence[str]] | None = None, page: int = 1, per_page: int = 10,
           facets: bool = True, autocorrect: bool = False, prefer_language: str | None = None) -> SearchResults:
    """Search what `scopes` allow, keeping entries whose facets match `filters` (AND across names, OR within).
    Entries in `prefer_language` (the searcher's) rank above equally good ones in other languages.

    Blank text browses (newest first). Text that leaves nothing to search (only stop words or punctuation)
    finds nothing. With few results, `suggestion` holds a corrected text that finds more; with `autocorrect`
    and no results at all, the hits are those of the suggestion (and `corrected` is True), unless some of the
    words of a query that may be loosened find entries: those are shown instead.
    """
    page = min(max(1, int(page)), MAX_PAGE)
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    offset = (page - 1) * per_page
    # Read once: each read checks the shared cache for a glossary change, and parsing and every hit's title and
    # snippet need it.
    glossary = matcher()
    query = parse(text, language, glossary)
    where, params = permitted(scopes, filters)
    blank = not (text or "").strip()
    if where is None or (query.is_empty and not blank):
        return _empty(query, page, per_page)
    run = _Run(where, params, analysis.normalise_language(prefer_language) or None)
    rows = run.page(query, per_page, offset)
    # A first page that is not full is the whole result: no need to count.
    complete = page == 1 and len(rows) < per_page
    total = len(rows) if complete else run.count(query)
    suggestion, corrected = None, False
    if query.words and total <= FEW_RESULTS:
        def count(candidate: str) -> int:
            # Counted up to the usual cap, so that the more common of two equally close words wins.
            return run.count(parse(candidate, language, glossary))

        found = suggest(query.text, query.words, count, total)
        if found is not None:
            suggestion = found[0]
            # A word no entry holds may still be right (a correct word the index lacks: "المجندين" is not
            # "المعنيين"): when the other words find entries, those are shown, loosened below, and the
            # correction is only offered; it replaces the query when nothing else is found.
            if autocorrect and total == 0 and not (_loosenable(query) and run.count(_loose(query), cap=0)):
                query = parse(suggestion, language, glossary)
                rows = run.page(query, per_page, offset)
                total, corrected = run.count(query), True
    loosened = False
    if not corrected and total < LOOSEN_BELOW and _loosenable(query):
        # A question typed in full rarely has every word in one resource. Those with every word come
        # first (but see _lead); then those with some of them, ranked by the engine (which favours more of the
        # words). Every entry with every word has some of them, so the loose page read first tells, when it is
        # not full, how many have some (as counting would, capped); the strict results are all `total` (fewer
        # than LOOSEN_BELOW, counted exactly), already read when the first page held them all.
        loose = _loose(query)
        limit = offset + per_page + total
        loose_rows = run.page(loose, limit, 0)
        loose_total = min(len(loose_rows), COUNT_CAP + 1) if len(loose_rows) < limit else run.count(loose)
        if loose_total > total:
            strict = rows if complete else run.page(query, LOOSEN_BELOW, 0)
            strict_ids = {row[0] for row in strict}
            more = [row for row in loose_rows if row[0] not in strict_ids]
            # A query that is one glossary term (loosened into its words, see _loose_parts): every entry with its
            # meaning, in whatever language, stays before those with one of its words.
            if run.backend.strict_lead != math.inf and len(query.positive.children) > 1:
                rows = _lead(run, loose, strict, more, {row[0]: row[1] for row in loose_rows})
            else:
                rows = strict + more
            rows = rows[offset:offset + per_page]
            query, total, loosened = loose, loose_total, True
    facet_counts = {name: [] for name in SearchFacet.NAMES}
    if facets:
        facet_counts = _facet_counts(*run.ids(query))
    return SearchResults(
        hits=_hits(rows, query, glossary), total=min(total, COUNT_CAP), page=page, per_page=per_page,
        facets=facet_counts, suggestion=suggestion, query=query, total_is_capped=total > COUNT_CAP, corrected=corrected,
        loosened=loosened, notes=list(query.notes),
    )


@dataclass(frozen=True)
class Matching:
    """SQL for narrowing a list of objects by keyword while the list keeps its own order, visibility and
    paging: `objects` selects the object ids of one kind whose entries match; `entries` selects the ids of
    every matching entry, for a correlated test of one object at a time (entry kind and object_id)."""

    objects: tuple[str, list]
    entries: tuple[str, list]


def matching(text: str, *, kind: str, language: str | None = None) -> Matching | None:
    """The entries of `kind` that match `text` (every word, as `search` reads it), whatever their audience or
    state; None when `text` leaves nothing to search for."""
    query = parse(text, language)
    where, params = permitted([Scope(kind=kind, published_only=False)], None)
    if query.positive is None or where is None:
        return None
    backend = engine()
    expression = backend.expression(query)
    # Selected straight from the match, so that a LIMIT on it stops reading the index early.
    return Matching(objects=backend.matching_ids(expression, where, params, column="e.object_id"),
                    entries=backend.matching_entries(expression))


class Likeness:
    """A text as "more like this" reads it, for one or more searches of entries like it (`similar`).

    `query` holds its most distinctive terms, ORed (None when nothing in it is distinctive): frequent in the text
    and rare in the index (tf-idf); glossary concepts count as terms, so a French question about "enfants non
    accompagnés" finds English material on UASC. Terms found in most entries are left out, and the chosen terms
    may match at most `SIMILAR_MATCH_BUDGET` entries together, so that ranking them stays cheap in a large index.
    They are worked out when first needed: not at all when every search finds its ranking remembered.
    """

    def __init__(self, text: str, language: str | None = None):
        self.text = text[:20_000]
        self.language = analysis.normalise_language(language) or analysis.detect_language(self.text)

    @cached_property
    def digest(self) -> str:
        """Names the text in the cache without holding it (a query's question may name a child): keyed with the
        secret key, so that not even a short text can be recovered from it by trying texts."""
        return salted_hmac("search.likeness", f"{self.language}\0{self.text}").hexdigest()

    @cached_property
    def query(self) -> ParsedQuery | None:
        raws, terms = analysis.analyse(self.text, self.language)
        counts = Counter(found for found in terms if found and len(found) >= 3 and not found.isdigit())
        counts.update(matcher().document_concepts(raws, terms, self.language))
        candidates = [found for found, _count in counts.most_common(SIMILAR_CANDIDATES)]
        if not candidates:
            return None
        # Counted up to a cap: past it the weights barely change, and counting a large index is not free.
        documents = entry_count(COUNT_CAP * 10)
        frequencies = document_frequencies(candidates, COUNT_CAP)
        # In a handful of entries every shared word is worth having.
        common = COUNT_CAP - 1 if documents < 20 else min(COUNT_CAP - 1, int(documents * SIMILAR_COMMON_SHARE))
        weights = {found: counts[found] * math.log(1 + documents / frequencies[found])
                   for found in candidates if 0 < frequencies.get(found, 0) <= common}
        chosen, matched = [], 0
        for found in sorted(weights, key=lambda found: (-weights[found], found)):
            if len(chosen) == SIMILAR_TERMS:
                break
            if matched + frequencies[found] <= SIMILAR_MATCH_BUDGET:
                chosen.append(found)
                matched += frequencies[found]
        if not chosen:
            return None
        return ParsedQuery(
            text=self.text[:200], language=self.language,
            positive=AllOf((AnyOf(tuple(Term(frozenset({found})) for found in chosen)),)),
            highlight_terms=frozenset(chosen),
            concepts=frozenset(found for found in chosen if found.startswith("zzgl")),
        )


def similar(like: str | Likeness, *, scopes: Sequence[Scope], language: str | None = None, limit: int = 5,
            exclude: Iterable[tuple[str, int]] = ()) -> list[Hit]:
    """Entries like a text ("more like this"): `like` is the text, or its `Likeness` when several searches share
    it (`language` then goes unused), ranked by the engine. Its hits are not highlighted (see `Hit`).

    `exclude` lists (kind, object_id) pairs to leave out, such as the item the text comes from. Unlike `search`,
    scopes with `object_ids` are applied to the best `SIMILAR_POOL` entries rather than inside the ranking, so the
    cost does not grow with the number of objects a scope admits; a searcher who may see few of the entries like
    this text may get fewer than `limit`. The ranking (entry ids and scores, no text) is remembered for
    `SIMILAR_REMEMBER_SECONDS` per text and scopes' conditions; who may see each entry's object, and the entry
    itself, are read afresh every time, so an erased or hidden item never shows from memory.
    """
    like = like if isinstance(like, Likeness) else Likeness(like, language)
    where, params = permitted([replace(scope, object_ids=None) for scope in scopes], None)
    if where is None:
        return []
    for kind, object_id in exclude:
        where += " AND NOT (e.kind = %s AND e.object_id = %s)"
        params = [*params, kind, object_id]
    limit = max(1, min(int(limit), MAX_PER_PAGE))
    run = _Run(where, params)
    key = "search.similar:" + hashlib.sha256(f"{like.digest}|{where}|{params!r}".encode()).hexdigest()
    pool = cache.get(key)
    if pool is None:
        pool = run.ranked_entries(like.query, SIMILAR_POOL) if like.query is not None else []
        cache.set(key, pool, SIMILAR_REMEMBER_SECONDS)
    admitted = _admitted(pool, scopes)
    best = [(entry_id, score) for entry_id, score, *_rest in pool if entry_id in admitted][:limit]
    return _plain_hits(run.rows(best))


def _admitted(pool: list, scopes: Sequence[Scope]) -> set[int]:
    """The entry ids of `pool` that some scope admits, asking each scope's object set once for its kind's rows."""
    admitted = set()
    for scope in scopes:
        rows = [(entry_id, object_id) for entry_id, _score, kind, object_id, audience, published in pool
                if kind == scope.kind and (scope.audiences is None or audience in scope.audiences)
                and (published or not scope.published_only)]
        if rows and scope.object_ids is not None:
            object_ids = scope.object_ids
            field = object_ids.query.values_select[0] if object_ids.query.values_select else "pk"
            allowed = set(object_ids.filter(**{f"{field}__in": sorted({object_id for _id, object_id in rows})})
                          .values_list(field, flat=True))
            rows = [(entry_id, object_id) for entry_id, object_id in rows if object_id in allowed]
        admitted |= {entry_id for entry_id, _object_id in rows}
    return admitted
