"""Search quality on judged sets (`python -m bench search-quality`).

Three sets, each run through the same search as the repository page, with the query's language given (as the
page's language picker does, which also lifts resources in that language) and unknown (the picker's default):

- demo: the repository's demo corpus (160 resources in English, French, Spanish, Arabic and Portuguese, in
  cphelpdesk/library/data/resources.jsonl), which the product was written beside, and 70 queries
  (bench/data/search_queries.jsonl).
- real tuning and real held-out: 161 real public child-protection documents in the same five languages
  (bench/data/real_resources.jsonl: title, summary and a body excerpt in the documents' own words, with their
  source), and 87 queries judged by reading the documents before any search was run, split by a fixed rule into
  a tuning half (bench/data/real_queries_tuning.jsonl), on which search may be tuned, and a held-out half
  (bench/data/real_queries_heldout.jsonl), run only to report.
- real held-out 2: 45 more queries over the same documents (bench/data/real_queries_heldout2.jsonl), written and
  judged by someone who had not seen the search code nor the other sets, by reading the documents, with no search
  run; never tuned on.
- real tuning 3: 50 more queries over the same documents (bench/data/real_queries_tuning3.jsonl), written and
  judged blind in the same way (before the search code was read), kept for tuning.
- real tuning 4, held-out 3 until session 11: 50 more queries over the same documents
  (bench/data/real_queries_heldout3.jsonl), written and judged the same way by another person in session 8, before
  that session's search changes; run only as a held-out set until session 11, when it was retired to tuning (its
  figures as a held-out set are in docs/performance.md).
- real held-out 4: 50 more queries over the same documents (bench/data/real_queries_heldout4.jsonl), written and
  judged the same way by another person in session 10, blind to the code and every other set, and committed
  before that session's search changes; never tuned on.
- real tuning 5, held-out 5 until session 12: 50 more queries over the same documents
  (bench/data/real_queries_heldout5.jsonl), written and judged the same way by another person in session 11 (every
  document read, the queries drafted before any was judged), blind to the code and every other set, and committed
  before that session's second round of search changes; run only as a held-out set until session 12, when it was
  retired to tuning (its figures as a held-out set are in docs/performance.md).
- real held-out 6: 50 more queries over the same documents (bench/data/real_queries_heldout6.jsonl), written and
  judged the same way by another person in session 12 (every document read in full, the queries drafted before any
  was judged, ten a language), blind to the code and every other set, and committed before that session's third
  round of search changes; never tuned on.

BENCH_SEARCH_SETS=tuning runs the demo and real tuning sets only, so that tuning never shows a held-out figure.
BENCH_SEARCH_VERBOSE=1 also prints, for each query of the sets run, worst first: its nDCG@10 and recall@5 with the
language unknown and given, its first five results with the language unknown (each marked with its grade) and the
relevant documents missing from them (for reading a tuning set's misses; it refuses to run with held-out sets).

Every query has resources judged 2 = highly, 1 = partly relevant. Each corpus is loaded as library resources and
indexed as the service does it. Beside each figure, a bare SQLite FTS5 query over the same documents (porter
stemmer, bm25, the query's words OR-ed) as the yardstick. Prints nDCG@10 and recall@5 per language and, for the
real sets, per kind of query (keyword, stemming, question, cross-language); for the demo set also "own 1st",
the share of queries whose first relevant result is in the query's language.
"""

import datetime
import json
import math
import os
import random
import re
import sqlite3
import tempfile
from pathlib import Path

DATA = Path(__file__).parent / "data"
QUERIES = DATA / "search_queries.jsonl"
REAL_RESOURCES = DATA / "real_resources.jsonl"
# (name, path, held out: never run under BENCH_SEARCH_SETS=tuning)
REAL_SETS = (("real tuning", DATA / "real_queries_tuning.jsonl", False),
             ("real tuning 3", DATA / "real_queries_tuning3.jsonl", False),
             ("real held-out", DATA / "real_queries_heldout.jsonl", True),
             ("real held-out 2", DATA / "real_queries_heldout2.jsonl", True),
             ("real tuning 4, held-out 3 until session 11", DATA / "real_queries_heldout3.jsonl", False),
             ("real held-out 4", DATA / "real_queries_heldout4.jsonl", True),
             ("real tuning 5, held-out 5 until session 12", DATA / "real_queries_heldout5.jsonl", False),
             ("real held-out 6", DATA / "real_queries_heldout6.jsonl", True))
DEMO_RESOURCES = Path(__file__).parent.parent / "cphelpdesk" / "library" / "data" / "resources.jsonl"
KINDS = ("keyword", "stemming", "question", "cross")
_WORD = re.compile(r"\w+")


def ndcg_at_10(ranked: list[str], judged: dict[str, int]) -> float:
    """Normalised discounted cumulative gain over the first ten results (gain 2^grade - 1)."""
    def dcg(grades):
        return sum((2 ** grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades[:10]))

    ideal = dcg(sorted(judged.values(), reverse=True))
    return dcg([judged.get(key, 0) for key in ranked]) / ideal if ideal else 0.0


def recall_at_5(ranked: list[str], judged: dict[str, int]) -> float:
    """Share of the judged-relevant resources found in the first five results."""
    return len(set(ranked[:5]) & set(judged)) / len(judged) if judged else 0.0


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class BareFTS5:
    """The yardstick: an in-memory SQLite FTS5 table (porter over unicode61, accents removed) of title and text,
    queried with the words OR-ed and ranked by bm25."""

    def __init__(self, documents: dict[str, tuple[str, str]]):
        self.connection = sqlite3.connect(":memory:")
        self.connection.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, body, "
                                "tokenize = 'porter unicode61 remove_diacritics 2')")
        self.connection.executemany("INSERT INTO docs (key, title, body) VALUES (?, ?, ?)",
                                    [(key, title, body) for key, (title, body) in documents.items()])

    def search(self, text: str, limit: int = 10) -> list[str]:
        words = list(dict.fromkeys(word.lower() for word in _WORD.findall(text)))
        if not words:
            return []
        expression = " OR ".join(f'"{word}"' for word in words)
        return [key for (key,) in self.connection.execute(
            "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (expression, limit))]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _report(name: str, queries: list[dict], results: dict[str, list[tuple]], by_kind: bool) -> None:
    """Per language (and kind): nDCG@10 and recall@5 with the language unknown, given, and for the bare engine."""
    # A query with more relevant resources than five cannot reach recall@5 = 1: say what the set allows.
    ceiling = _mean([min(5, len(q["relevant"])) / len(q["relevant"]) for q in queries])
    print(f"\n  {name}: {len(queries)} queries (the best recall@5 possible on them: {ceiling:.3f})")
    print(f"  {'':<12}{'queries':>8}   {'unknown':>15}   {'given':>15}   {'bare FTS5':>15}")
    print(f"  {'':<12}{'':>8}   {'nDCG@10':>8}{'R@5':>7}   {'nDCG@10':>8}{'R@5':>7}   {'nDCG@10':>8}{'R@5':>7}")
    languages = sorted({q["lang"] for q in queries})
    groups = [(language, lambda q, lang=language: q["lang"] == lang) for language in languages]
    if by_kind:
        groups += [(kind, lambda q, kind=kind: q["kind"] == kind) for kind in KINDS]
    groups.append(("all", lambda q: True))
    for label, keep in groups:
        chosen = [q["id"] for q in queries if keep(q)]
        if not chosen:
            continue
        cells = []
        for mode in ("unknown", "given", "bare"):
            rows = [results[mode][index] for index, q in enumerate(queries) if keep(q)]
            cells.append(f"{_mean([row[0] for row in rows]):>8.3f}{_mean([row[1] for row in rows]):>7.3f}")
        print(f"  {label:<12}{len(chosen):>8}   " + "   ".join(cells))


def _misses(queries: list[dict], results: dict[str, list]) -> None:
    """Each query, worst first (nDCG@10, language unknown): its figures, first five results and missing documents."""
    order = sorted(range(len(queries)), key=lambda index: results["unknown"][index][0])
    for index in order:
        query, (ndcg, recall, *_rest) = queries[index], results["unknown"][index]
        given, ranked = results["given"][index], results["ranked"][index]
        judged = query["relevant"]
        print(f"    {ndcg:.2f} ({recall:.2f}) given {given[0]:.2f} ({given[1]:.2f})  [{query['id']} {query['kind']}] "
              f"{query['text']}")
        for key in ranked[:5]:
            print(f"        {judged.get(key, '-')} {key}")
        missing = [f"{key} ({grade})" for key, grade in sorted(judged.items(), key=lambda item: -item[1])
                   if key not in ranked[:5]]
        if missing:
            print(f"        missing: {', '.join(missing)}")


def _evaluate(queries: list[dict], key_of: dict[int, str], bare: BareFTS5, search, scope) -> dict[str, list]:
    """(nDCG@10, recall@5, first relevant is in the query's language or None) per query and mode, and under
    "ranked" the keys found with the language unknown."""
    results = {"unknown": [], "given": [], "bare": [], "ranked": []}
    for query in queries:
        judged = query["relevant"]
        own = [key for key in judged if key.endswith(f"-{query['lang']}")]
        for mode in ("unknown", "given"):
            language = query["lang"] if mode == "given" else None
            # As the repository page searches: the language picked is also the one whose resources lead.
            found = search(query["text"], scopes=scope, language=language, per_page=10, facets=False,
                           autocorrect=True, prefer_language=language)
            ranked = [key_of[hit.object_id] for hit in found.hits if hit.object_id in key_of]
            if mode == "unknown":
                results["ranked"].append(ranked)
            first = next((key for key in ranked if key in judged), None)
            results[mode].append((ndcg_at_10(ranked, judged), recall_at_5(ranked, judged),
                                  (first is not None and first.endswith(f"-{query['lang']}")) if own else None))
        ranked = bare.search(query["text"])
        results["bare"].append((ndcg_at_10(ranked, judged), recall_at_5(ranked, judged), None))
    return results


def search_quality_main() -> int:
    from bench.__main__ import setup_django

    # Tuning on the held-out sets would void them: BENCH_SEARCH_SETS=tuning leaves them out, and their misses are
    # never printed.
    tuning_only = os.environ.get("BENCH_SEARCH_SETS", "") == "tuning"
    verbose = os.environ.get("BENCH_SEARCH_VERBOSE", "") not in ("", "0")
    if verbose and not tuning_only:
        print("BENCH_SEARCH_VERBOSE needs BENCH_SEARCH_SETS=tuning: a held-out set's misses are never read")
        return 2

    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.db import connection, transaction

        from cphelpdesk.library import demo
        from cphelpdesk.library.indexing import index
        from cphelpdesk.library.models import Resource
        from cphelpdesk.search.backends import engine
        from cphelpdesk.search.engine import Scope, search
        from cphelpdesk.site.management.commands.seed_demo import DemoContext

        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0)
        scope = [Scope(kind="resource", published_only=True)]

        # The demo set: the seeders' own context (the bench once kept a copy of it, which fell behind).
        context = DemoContext(seed=1, scale=1, rng=random.Random(1), report=lambda *_: None,
                              today=datetime.date(2026, 11, 28))
        with transaction.atomic():
            demo.seed(context)
        key_of = {resource.pk: key for key, resource in context.shared["resources"].items()}
        queries = read_jsonl(QUERIES)
        for query in queries:
            query.setdefault("kind", "")
        bare = BareFTS5({row["key"]: (row["title"], f"{row['summary']}\n\n{row['body']}")
                         for row in read_jsonl(DEMO_RESOURCES)})
        print(f"\nsearch quality on {connection.vendor}; beside each, a bare FTS5 query (porter, bm25, words OR-ed)")
        results = _evaluate(queries, key_of, bare, search, scope)
        _report(f"demo set ({len(key_of)} demo resources)", queries, results, by_kind=False)
        if verbose:
            _misses(queries, results)
        own = [row[2] for row in results["given"] if row[2] is not None]
        print(f"  own language first (language given): {_mean([float(value) for value in own]):.2f}")

        # The real sets, on a repository holding only the real documents (so that term statistics are theirs).
        with transaction.atomic(), connection.cursor() as cursor:
            Resource.objects.all().delete()
            engine().delete_kind(cursor, "resource")
        documents = read_jsonl(REAL_RESOURCES)
        key_of = {}
        with transaction.atomic():
            for document in documents:
                resource = Resource.objects.create(
                    title=document["title"], summary=document["summary"], body=document["body"],
                    language=document["lang"], visibility=Resource.Visibility.PUBLIC,
                    status=Resource.Status.PUBLISHED, published_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
                index(resource)
                key_of[resource.pk] = document["id"]
        bare = BareFTS5({row["id"]: (row["title"], f"{row['summary']}\n\n{row['body']}") for row in documents})
        for name, path, held_out in REAL_SETS:
            if held_out and tuning_only:
                continue
            queries = read_jsonl(path)
            results = _evaluate(queries, key_of, bare, search, scope)
            _report(f"{name} ({len(documents)} real documents)", queries, results, by_kind=True)
            if verbose:
                _misses(queries, results)
    return 0
