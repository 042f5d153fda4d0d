"""Search quality on a judged set (`python -m bench search-quality`).

The repository's demo corpus (160 resources in English, French, Spanish, Arabic and Portuguese, in
cphelpdesk/library/data/resources.jsonl) is loaded and indexed as the service does it; 70 queries in five
languages (bench/data/search_queries.jsonl, each with resources judged 2 = highly, 1 = partly relevant) are
run through the same search as the repository page. Prints nDCG@10 and recall@5 per language and overall,
with the query's language given (as the page's language picker does, which also lifts resources in that
language) and unknown; and "own 1st", the share of queries whose first relevant result is in the query's
language (among those with a relevant resource in it), since the judgments themselves ignore language.
"""

import datetime
import json
import math
import random
import tempfile
from pathlib import Path

QUERIES = Path(__file__).parent / "data" / "search_queries.jsonl"


def ndcg_at_10(ranked: list[str], judged: dict[str, int]) -> float:
    """Normalised discounted cumulative gain over the first ten results (gain 2^grade - 1)."""
    def dcg(grades):
        return sum((2 ** grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades[:10]))

    ideal = dcg(sorted(judged.values(), reverse=True))
    return dcg([judged.get(key, 0) for key in ranked]) / ideal if ideal else 0.0


def recall_at_5(ranked: list[str], judged: dict[str, int]) -> float:
    """Share of the judged-relevant resources found in the first five results."""
    return len(set(ranked[:5]) & set(judged)) / len(judged) if judged else 0.0


def search_quality_main() -> int:
    from bench.__main__ import setup_django

    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.db import connection, transaction

        from cphelpdesk.library import demo
        from cphelpdesk.search.engine import Scope, search
        from cphelpdesk.site.management.commands.seed_demo import DemoContext

        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0)
        # The seeders' own context (the bench once kept a copy of it, which fell behind when it grew a field).
        context = DemoContext(seed=1, scale=1, rng=random.Random(1), report=lambda *_: None,
                              today=datetime.date(2026, 11, 28))
        with transaction.atomic():
            demo.seed(context)
        key_of = {resource.pk: key for key, resource in context.shared["resources"].items()}
        queries = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
        scope = [Scope(kind="resource", published_only=True)]
        print(f"\nsearch quality: {len(queries)} judged queries over {len(key_of)} resources on {connection.vendor}")
        print(f"  {'language':<10}{'queries':>8}{'nDCG@10':>10}{'recall@5':>10}{'own 1st':>9}   "
              f"(query language unknown:{'nDCG@10':>9}{'recall@5':>10}{'own 1st':>9})")
        rows = {}
        for query in queries:
            for given in (True, False):
                # As the repository page searches: the language picked is also the one whose resources lead.
                results = search(query["text"], scopes=scope, language=query["lang"] if given else None,
                                 per_page=10, facets=False, autocorrect=True,
                                 prefer_language=query["lang"] if given else None)
                ranked = [key_of[hit.object_id] for hit in results.hits if hit.object_id in key_of]
                # Whether the first relevant result is in the searcher's language (keys end in "-LL"), when the
                # judged set has one in it: the judgments themselves ignore language.
                own = [key for key in query["relevant"] if key.endswith(f"-{query['lang']}")]
                first = next((key for key in ranked if key in query["relevant"]), None)
                rows.setdefault((query["lang"], given), []).append(
                    (ndcg_at_10(ranked, query["relevant"]), recall_at_5(ranked, query["relevant"]),
                     (first is not None and first.endswith(f"-{query['lang']}")) if own else None))
        languages = sorted({query["lang"] for query in queries})
        for language in [*languages, "all"]:
            def mean(given, metric, language=language):
                values = [row[metric] for (lang, was_given), items in rows.items() for row in items
                          if was_given == given and language in {lang, "all"} and row[metric] is not None]
                return sum(values) / len(values) if values else float("nan")

            count = sum(1 for query in queries if language in {query["lang"], "all"})
            print(f"  {language:<10}{count:>8}{mean(True, 0):>10.3f}{mean(True, 1):>10.3f}{mean(True, 2):>9.2f}   "
                  f"{'':<23}{mean(False, 0):>9.3f}{mean(False, 1):>10.3f}{mean(False, 2):>9.2f}")
    return 0
