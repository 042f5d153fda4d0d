"""The SQL each engine needs: SQLite FTS5 or PostgreSQL full-text search, chosen by `connection.vendor`.

Everything here runs on Django's current connection, so index writes join the caller's transaction and a
rollback leaves no trace. Placeholders are `%s` on both (Django's SQLite cursor converts them).
"""

import json
import math
from collections import Counter

from django.db import connection

from cphelpdesk.core.config_cache import ConfigCache
from cphelpdesk.search.query import (
    Phrase,
    negative_fts5,
    negative_tsquery,
    scored_parts,
    to_fts5,
    to_tsquery,
    tsquery_of,
)

# FTS5's bm25 weights per column (title, topics, body); PostgreSQL's ts_rank_cd weights in D, C, B, A order
# (body D, topics B, title A), with the same proportions.
BM25_WEIGHTS = (10.0, 5.0, 1.0)
TS_RANK_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"
# ts_rank_cd's weights (D, C, B, A) for each word's rank in the rarity-weighed score. Saturated (below), a title's
# word counted 5.5 times one said once in the text with TS_RANK_WEIGHTS, well past what bm25 makes of its 10:1; with
# these, 2.5 times. On the tuning sets they ranked better on every set than TS_RANK_WEIGHTS, halved weights or
# {0.5, 0.6, 0.8, 1.0} (PostgreSQL refuses weights over 1).
PART_WEIGHTS = "{0.25, 0.4, 0.7, 1.0}"
# ts_rank_cd's normalisation of each word's rank in the rarity-weighed score: 32 is rank / (rank + 1), so that a
# word said many times counts less than twice as much (bm25's saturation). On the tuning sets, also dividing by
# the log of the entry's length (33) and ts_rank instead of ts_rank_cd (normalisation 0) did worse.
PART_NORMALISATION = 32
# Counting a word's entries stops here (the planner's statistics estimate the common ones, see
# document_frequencies): past it a word is common and its weight barely changes.
RARITY_CAP = 10_000
# How much an entry in the searcher's own language is lifted over one in another language (scores multiply).
LANGUAGE_LIFT = 1.3


def _lift(prefer_language: str | None) -> tuple[str, list]:
    """A factor for the score of `e`: LANGUAGE_LIFT for entries in `prefer_language`, else 1."""
    if not prefer_language:
        return "", []
    return f" * (CASE WHEN e.language = %s THEN {LANGUAGE_LIFT} ELSE 1.0 END)", [prefer_language]

ENTRY_COLUMNS = ("kind", "object_id", "language", "title", "body", "audience", "published", "doc_type", "year",
                 "updated")


class Engine:
    """The SQL of one engine. `match_*` methods return (sql, params) fragments about the entry alias `e`."""

    vendor = ""
    # When too few entries have every word and some-word entries follow (engine.search), one of those goes before
    # an every-word entry when it scores this many times as high; infinity keeps every-word entries first.
    strict_lead = math.inf

    def write(self, cursor, values: dict, title: str, topics: str, body: str, facets: list[tuple[str, str]],
              words: list[str]) -> int:
        """Insert or replace an entry with its analysed text, its facets and its vocabulary words (which replace
        the entry's earlier ones); returns its id."""
        raise NotImplementedError

    def ranked(self, expression: str, where: str, params: list, limit: int, offset: int,
               prefer_language: str | None = None, query=None) -> tuple[str, list]:
        """Ids and scores (higher is better) of matching entries, best first; entries in `prefer_language`
        lifted. `query`, the parsed query `expression` was written from, lets an engine score it part by part."""
        raise NotImplementedError

    def matching_ids(self, expression: str, where: str, params: list, column: str = "e.id") -> tuple[str, list]:
        """A subquery of the ids of matching entries (or of another `column` of theirs, such as e.object_id)."""
        raise NotImplementedError

    def excluding(self, expression: str) -> tuple[str, list]:
        """A condition on `e` that is false for entries matching `expression`."""
        raise NotImplementedError

    def matching_entries(self, expression: str) -> tuple[str, list]:
        """The ids of every entry matching `expression`, with no scope or join."""
        raise NotImplementedError

    def bare(self, expression: str, limit: int) -> tuple[str, list]:
        """The engine's own top-N query, with no scope or join (the benchmark's yardstick)."""
        raise NotImplementedError

    def document_frequencies(self, terms: list[str], cap: int) -> dict[str, int]:
        """In how many entries each term occurs (at most `cap`)."""
        raise NotImplementedError

    def delete_kind(self, cursor, kind: str | None) -> None:
        """Delete every entry of `kind` (every entry when None) with its facets and engine rows."""
        raise NotImplementedError

    def expression(self, query) -> str:
        raise NotImplementedError

    def negative_expression(self, query) -> str:
        raise NotImplementedError


class SQLiteEngine(Engine):
    vendor = "sqlite"
    # bm25 weighs each word by its rarity, so a score this much higher means most of the telling words, often in
    # the title. On the real-document tuning set 1.5 to 3 ranked as well as infinity and 1 (score alone) slightly
    # worse; 1.5 lets a resource with most of the words in its title pass one with every word scattered in its text.
    strict_lead = 1.5

    def write(self, cursor, values, title, topics, body, facets, words):
        cursor.execute(
            f"INSERT INTO search_searchentry ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join(['%s'] * 10)}) "
            "ON CONFLICT (kind, object_id) DO UPDATE SET "
            + ", ".join(f"{column} = excluded.{column}" for column in ENTRY_COLUMNS[2:])
            + " RETURNING id",
            [values[column] for column in ENTRY_COLUMNS],
        )
        entry_id = cursor.fetchone()[0]
        # REPLACE deletes an existing row with this rowid first (a re-index), which FTS5 supports.
        cursor.execute("INSERT OR REPLACE INTO search_fts (rowid, title, topics, body) VALUES (%s, %s, %s, %s)",
                       [entry_id, title, topics, body])
        cursor.execute("DELETE FROM search_searchfacet WHERE entry_id = %s", [entry_id])
        if facets:
            cursor.execute("INSERT INTO search_searchfacet (entry_id, name, value) VALUES "
                           + ", ".join(["(%s, %s, %s)"] * len(facets)),
                           [item for name, value in facets for item in (entry_id, name, value)])
        cursor.execute("DELETE FROM search_searchterm WHERE entry_id = %s", [entry_id])
        if words:
            cursor.execute("INSERT INTO search_searchterm (entry_id, term) SELECT %s, value FROM json_each(%s)",
                           [entry_id, json.dumps(words)])
        return entry_id

    def ranked(self, expression, where, params, limit, offset, prefer_language=None, query=None):
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        lift, lift_params = _lift(prefer_language)
        return (
            f"SELECT e.id, -bm25(search_fts, {weights}){lift} AS score FROM search_fts "
            "JOIN search_searchentry e ON e.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND {where} ORDER BY score DESC, e.id DESC LIMIT %s OFFSET %s",
            [*lift_params, expression, *params, limit, offset],
        )

    def matching_ids(self, expression, where, params, column="e.id"):
        # SQLite reads each match's entry by rowid from the wide rows (they hold the body) unless told to use
        # the narrow scope index, which holds every column a scope tests: listing 5,000 of 16,000 matching
        # queries took 9 ms by rowid, 2.6 ms by the index (101,000 queries).
        return (
            f"SELECT {column} FROM search_fts JOIN search_searchentry e INDEXED BY search_entry_scope "
            f"ON e.id = search_fts.rowid WHERE search_fts MATCH %s AND {where}",
            [expression, *params],
        )

    def excluding(self, expression):
        return "e.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)", [expression]

    def matching_entries(self, expression):
        return "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression]

    def bare(self, expression, limit):
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        return (f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY bm25(search_fts, {weights}) "
                "LIMIT %s", [expression, limit])

    def document_frequencies(self, terms, cap):
        if not terms:
            return {}
        # Each count stops at `cap` matches. (search_fts_vocab would walk the whole posting list of every term,
        # which for the commonest words of a large index costs tens of milliseconds.) Terms are letters and
        # digits only (see analysis.finish): quoted, each is a one-term FTS5 query.
        terms = list(dict.fromkeys(terms))
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(["SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM search_fts "
                                    "WHERE search_fts MATCH %s LIMIT %s))"] * len(terms)),
                [value for term in terms for value in (term, f'"{term}"', cap)])
            return {term: count for term, count in cursor.fetchall() if count}

    def delete_kind(self, cursor, kind):
        _delete_terms(cursor, kind)
        if kind is None:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_searchfacet")
            cursor.execute("DELETE FROM search_searchentry")
            return
        cursor.execute("DELETE FROM search_searchfacet WHERE entry_id IN "
                       "(SELECT id FROM search_searchentry WHERE kind = %s)", [kind])
        cursor.execute("DELETE FROM search_searchentry WHERE kind = %s", [kind])  # the trigger clears search_fts

    def expression(self, query):
        return to_fts5(query)

    def negative_expression(self, query):
        return negative_fts5(query)


class PostgreSQLEngine(Engine):
    vendor = "postgresql"
    # Every-word entries stay first (strict_lead infinite): with the rarity-weighed score (_score), 1.5 as on
    # SQLite ranked the demo set 0.009 better but real tuning 4 and 5 0.007 worse.

    def write(self, cursor, values, title, topics, body, facets, words):
        # One round trip. The statement's parts share one snapshot, so each DELETE sees the entry's old facets
        # and words and not the ones inserted beside them.
        cursor.execute(
            f"WITH entry AS (INSERT INTO search_searchentry ({', '.join(ENTRY_COLUMNS)}, tsv) "
            f"VALUES ({', '.join(['%s'] * 10)}, "
            "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
            "|| setweight(to_tsvector('simple', %s), 'D')) "
            "ON CONFLICT (kind, object_id) DO UPDATE SET "
            + ", ".join(f"{column} = EXCLUDED.{column}" for column in (*ENTRY_COLUMNS[2:], "tsv"))
            + " RETURNING id), "
            "old AS (DELETE FROM search_searchfacet WHERE entry_id = (SELECT id FROM entry)), "
            "new AS (INSERT INTO search_searchfacet (entry_id, name, value) "
            "SELECT (SELECT id FROM entry), name, value FROM unnest(%s::text[], %s::text[]) AS facet(name, value)), "
            "oldwords AS (DELETE FROM search_searchterm WHERE entry_id = (SELECT id FROM entry)), "
            "words AS (INSERT INTO search_searchterm (entry_id, term) "
            "SELECT (SELECT id FROM entry), unnest(%s::text[])) "
            "SELECT id FROM entry",
            [*(values[column] for column in ENTRY_COLUMNS), title, topics, body,
             [name for name, _value in facets], [value for _name, value in facets], sorted(words)],
        )
        return cursor.fetchone()[0]

    def ranked(self, expression, where, params, limit, offset, prefer_language=None, query=None):
        lift, lift_params = _lift(prefer_language)
        score, score_params = self._score(query)
        return (
            f"SELECT e.id, {score}{lift} AS score "
            "FROM search_searchentry e, CAST(%s AS tsquery) AS q(q) "
            f"WHERE e.tsv @@ q.q AND {where} ORDER BY score DESC, e.id DESC LIMIT %s OFFSET %s",
            [*score_params, *lift_params, expression, *params, limit, offset],
        )

    def _score(self, query) -> tuple[str, list]:
        """The score of `e` for the tsquery `q.q`: without `query`, ts_rank_cd; with it, as FTS5's bm25 adds up
        its terms, the sum over the query's words and phrases of each one's rarity in the index times its rank
        in the entry."""
        parts = Counter(scored_parts(query)) if query is not None else None
        if not parts:
            return f"ts_rank_cd('{TS_RANK_WEIGHTS}', e.tsv, q.q)", []
        entries, frequencies = self._rarities(parts)
        sums, params = [], []
        for part, times in parts.items():
            sums.append(f"%s * ts_rank_cd('{PART_WEIGHTS}', e.tsv, CAST(%s AS tsquery), {PART_NORMALISATION})")
            params += [times * _idf(entries, _part_frequency(part, frequencies, entries)), tsquery_of(part)]
        return "(" + " + ".join(sums) + ")", params

    def _rarities(self, parts) -> tuple[int, dict[str, int]]:
        """How many entries the index holds, and in how many each word of `parts` occurs."""
        terms = sorted({word for part in parts for word in _words(part)})
        with connection.cursor() as cursor:
            # The planner's estimate once ANALYZE has run; counted before (a new, small index).
            cursor.execute("SELECT CASE WHEN reltuples > 0 THEN reltuples::bigint "
                           "ELSE (SELECT count(*) FROM search_searchentry) END "
                           "FROM pg_class WHERE oid = to_regclass('search_searchentry')")
            entries = cursor.fetchone()[0]
        found = document_frequencies(terms, RARITY_CAP)  # kept per process, as "more like this" keeps them
        # The statistics' estimates cost nothing to read: uncapped, the commonest words weigh least.
        common = COMMON_LEXEMES.get("common", _common_lexemes)
        found.update({term: common[term] for term in terms if common.get(term)})
        return max(1, entries), found

    def matching_ids(self, expression, where, params, column="e.id"):
        return (f"SELECT {column} FROM search_searchentry e WHERE e.tsv @@ CAST(%s AS tsquery) AND {where}",
                [expression, *params])

    def excluding(self, expression):
        return "NOT coalesce(e.tsv @@ CAST(%s AS tsquery), false)", [expression]

    def matching_entries(self, expression):
        return "SELECT id FROM search_searchentry WHERE tsv @@ CAST(%s AS tsquery)", [expression]

    def bare(self, expression, limit):
        return (
            f"SELECT id FROM search_searchentry, CAST(%s AS tsquery) AS q(q) WHERE tsv @@ q.q "
            f"ORDER BY ts_rank_cd('{TS_RANK_WEIGHTS}', tsv, q.q) DESC LIMIT %s",
            [expression, limit],
        )

    def document_frequencies(self, terms, cap):
        if not terms:
            return {}
        # Counting a term's matches visits a heap page per match to recheck its tsvector: several milliseconds for
        # a common term even when the count stops at `cap`. The planner's statistics of the tsv column (gathered
        # by ANALYZE, which autovacuum runs) estimate the common ones for free; only the others are counted, and
        # they match few entries.
        common = COMMON_LEXEMES.get("common", _common_lexemes)
        found = {term: min(cap, common[term]) for term in terms if term in common}
        counted = [term for term in dict.fromkeys(terms) if term not in found]
        if counted:
            # Terms are letters and digits only (see analysis.finish): quoted, each is a one-lexeme tsquery.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT t.term, (SELECT count(*) FROM (SELECT 1 FROM search_searchentry "
                    "WHERE tsv @@ CAST(quote_literal(t.term) AS tsquery) LIMIT %s) AS hits) "
                    "FROM unnest(%s::text[]) AS t(term)", [cap, counted])
                found.update(cursor.fetchall())
        return {term: count for term, count in found.items() if count}

    def delete_kind(self, cursor, kind):
        _delete_terms(cursor, kind)
        if kind is None:
            cursor.execute("DELETE FROM search_searchfacet")
            cursor.execute("DELETE FROM search_searchentry")
            return
        cursor.execute("DELETE FROM search_searchfacet WHERE entry_id IN "
                       "(SELECT id FROM search_searchentry WHERE kind = %s)", [kind])
        cursor.execute("DELETE FROM search_searchentry WHERE kind = %s", [kind])

    def expression(self, query):
        return to_tsquery(query)

    def negative_expression(self, query):
        return negative_tsquery(query)


def _words(part) -> set[str]:
    """The lexemes of a word or phrase (a prefix has none that can be counted)."""
    if isinstance(part, Phrase):
        return {word for variant in part.variants for word in variant}
    return set() if part.prefix else set(part.alternatives)


def _part_frequency(part, frequencies: dict[str, int], entries: int) -> int:
    """In about how many entries a word (any of its alternatives) or phrase (any variant, all of its words) occurs;
    a prefix is taken as common."""
    if isinstance(part, Phrase):
        return max(min(frequencies.get(word, 0) for word in variant) for variant in part.variants)
    if part.prefix:
        return max(1, entries // 10)
    # Alternatives are mostly in different entries (stems in different languages): their sum, at most every entry.
    return min(entries, sum(frequencies.get(alternative, 0) for alternative in part.alternatives))


def _idf(entries: int, frequency: int) -> float:
    """A word's rarity as bm25 weighs it (always positive, as Lucene's)."""
    return math.log(1 + (entries - frequency + 0.5) / (frequency + 0.5))


def _common_lexemes() -> dict[str, int]:
    """PostgreSQL's estimate of how many entries hold each of the index's most common terms, from the planner's
    statistics of the tsv column (empty until ANALYZE has run)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples FROM pg_stats s "
            "JOIN pg_class c ON c.oid = to_regclass(quote_ident(s.schemaname) || '.' || quote_ident(s.tablename)) "
            "WHERE s.schemaname = current_schema() AND s.tablename = 'search_searchentry' AND s.attname = 'tsv'")
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return {}
    lexemes, frequencies, entries = row
    # The frequencies list ends with three summary figures past the lexemes' own, which zip leaves out.
    return {lexeme: round(frequency * max(entries, 0)) for lexeme, frequency in zip(lexemes, frequencies, strict=False)}


# Statistics change only when ANALYZE runs: read them again every ten minutes.
COMMON_LEXEMES = ConfigCache(["search.SearchEntry"], ttl=600)

# The terms' document frequencies counted so far, per cap: questions alike share most of their terms, and a
# query's page is opened again and again. This process forgets them when it writes to the index (`forget_counts`);
# other processes' counts are at most FREQUENCIES_SECONDS old, as "more like this" remembers its rankings.
FREQUENCIES_SECONDS = 300
FREQUENCIES_KEPT = 20_000  # terms per cap (a few MB at most): past it the counts start again
FREQUENCIES = ConfigCache(["search.SearchEntry"], ttl=FREQUENCIES_SECONDS)


def document_frequencies(terms: list[str], cap: int) -> dict[str, int]:
    """In how many entries each term occurs (at most `cap`; terms in none left out), counted once in a while."""
    known = FREQUENCIES.get(("terms", connection.vendor, cap), dict)  # shared by the process's threads
    counts = {term: known.get(term) for term in dict.fromkeys(terms)}
    missing = [term for term, count in counts.items() if count is None]
    if missing:
        counted = engine().document_frequencies(missing, cap)
        counts.update({term: counted.get(term, 0) for term in missing})
        if len(known) + len(missing) > FREQUENCIES_KEPT:
            known.clear()
        known.update({term: counts[term] for term in missing})
    return {term: count for term, count in counts.items() if count}


def entry_count(cap: int) -> int:
    """How many entries the index holds, counted up to `cap` (once in a while, as `document_frequencies`)."""
    def count() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM (SELECT 1 FROM search_searchentry LIMIT %s) AS entries", [cap])
            return cursor.fetchone()[0]

    return FREQUENCIES.get(("entries", connection.vendor, cap), count)


def forget_counts() -> None:
    """This process wrote to the index: its counts of entries and terms are read afresh."""
    FREQUENCIES.clear()


def _delete_terms(cursor, kind: str | None) -> None:
    """The vocabulary words of every entry of `kind` (of every entry when None)."""
    if kind is None:
        cursor.execute("DELETE FROM search_searchterm")
    else:
        cursor.execute("DELETE FROM search_searchterm WHERE entry_id IN "
                       "(SELECT id FROM search_searchentry WHERE kind = %s)", [kind])


ENGINES = {"sqlite": SQLiteEngine(), "postgresql": PostgreSQLEngine()}


def engine() -> Engine:
    """The engine for the current database connection."""
    try:
        return ENGINES[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"search supports SQLite and PostgreSQL, not {connection.vendor}") from None
