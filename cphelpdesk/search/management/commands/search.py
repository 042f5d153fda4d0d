"""Search the index from the command line, as a staff member sees it."""

import json
import re
from html import unescape

from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.search import index
from cphelpdesk.search.engine import Scope, search


def plain(html: str) -> str:
    """Snippet HTML as terminal text: <mark>word</mark> becomes [word]."""
    return unescape(re.sub(r"<[^>]+>", "", html.replace("<mark>", "[").replace("</mark>", "]")))


class Command(BaseCommand):
    help = ("Search the repository as the web ranks it for a staff member (any audience, drafts included) and print "
            "the results; --kind searches queries, or every kind, instead.")

    def add_arguments(self, parser):
        parser.add_argument("text", help='What to search for, e.g. "UASC" or \'"case management" -training\'.')
        parser.add_argument("--lang", default=None, help="The language the text is written in (en, fr, es, pt, ar).")
        parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
        parser.add_argument("--limit", type=int, default=10, help="How many results (default 10).")
        parser.add_argument("--kind", default="resource",
                            help="What to search: resource (default), query, or all registered kinds.")

    def handle(self, *args, text, lang, json: bool, limit, kind, **options):
        kinds = sorted(index.sources()) if kind == "all" else [kind]
        if not set(kinds) <= set(index.sources()):
            raise CommandError(f"Unknown kind {kind!r}: use all or one of {', '.join(sorted(index.sources()))}.")
        scopes = [Scope(kind=name, audiences=None, published_only=False) for name in kinds]
        results = search(text, scopes=scopes, language=lang, per_page=max(1, limit), facets=False, autocorrect=True)
        if json:
            self.stdout.write(_dumps([
                {"id": hit.object_id, "kind": hit.kind, "title": hit.title, "score": round(hit.score, 6),
                 "language": hit.language, "snippet": plain(hit.snippet_html)}
                for hit in results.hits
            ]))
            return
        more = "+" if results.total_is_capped else ""
        self.stdout.write(f"{results.total}{more} results")
        if results.suggestion:
            self.stdout.write(f"Did you mean: {results.suggestion}")
        for rank, hit in enumerate(results.hits, 1):
            self.stdout.write(f"{rank:>3}. [{hit.kind} {hit.object_id}] {hit.title} ({hit.score:.3f})")
            self.stdout.write(f"     {plain(hit.snippet_html)}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
