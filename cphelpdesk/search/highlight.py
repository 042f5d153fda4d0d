"""Titles and snippets with the matched words wrapped in <mark>, computed on the stored raw text.

Only the hits of the page shown are highlighted. Every piece of the text is HTML-escaped, so a document that
contains markup (`<script>`) shows it as text.

This runs for every hit of every page, so it spares per-word work: the words are read with `findall` (no match
object per word), whether a word matches is decided once per distinct word, the offsets of words are found only
as far as the snippet reaches, and the text between marked words is escaped in one piece (escaping maps each
character on its own, so escaping the pieces or their concatenation gives the same).
"""

from bisect import bisect_left, bisect_right
from html import escape

from django.utils.safestring import SafeString, mark_safe

from cphelpdesk.search import analysis
from cphelpdesk.search.glossary import GlossaryMatcher, matcher
from cphelpdesk.search.query import ParsedQuery

SNIPPET_CHARS = 240
LEAD_WORDS = 4  # words of context before the first match in a snippet
WINDOW_WORDS = 40


def _marked(raws: list[str], language: str, query: ParsedQuery, glossary: GlossaryMatcher | None) -> list[int]:
    """The indexes, in order, of the words `raws` (of a text in `language`) that match the query."""
    wanted = query.highlight_terms
    prefixes = query.highlight_prefixes
    distinct = list(set(raws))  # a word's terms depend on the word alone
    found = zip(distinct, analysis.word_terms(distinct, language), analysis.word_terms(distinct, ""), strict=True)
    if prefixes:
        matching = {raw for raw, term, folded in found if term is not None and (
            term in wanted or folded in wanted or term.startswith(prefixes) or (folded or "").startswith(prefixes))}
    else:
        matching = {raw for raw, term, folded in found if term is not None and (term in wanted or folded in wanted)}
    marked = {index for index, raw in enumerate(raws) if raw in matching} if matching else set()
    if query.concepts:
        terms = analysis.word_terms(raws, language)
        glossary = matcher() if glossary is None else glossary
        for start, end in glossary.document_spans(raws, terms, language, query.concepts):
            marked.update(index for index in range(start, end) if terms[index] is not None)
    return sorted(marked)


def _spans(text: str, raws: list[str], first: int, length: int | None) -> list[tuple[int, int]]:
    """The (start, end) offsets in `text` of its words `raws` from word `first` on: all of them, or (with
    `length`) as long as they end within `length` characters of the start of word `first`.

    Words are longest runs of TOKEN_RE's characters, so a word begins at the first occurrence of its text at or
    after the end of the word before (nothing in between can begin it)."""
    find = text.find
    position = 0
    for raw in raws[:first]:
        position = find(raw, position) + len(raw)
    spans = []
    limit = None
    for raw in raws[first:]:
        start = find(raw, position)
        position = start + len(raw)
        if limit is None:
            limit = start + length if length is not None else len(text)
        elif position > limit:
            break
        spans.append((start, position))
    return spans


def _render(text: str, spans: list[tuple[int, int]], marked: list[int], start: int, end: int) -> str:
    """Escaped text[start:end], the words at `spans[index]` for each index of `marked` wrapped in <mark>."""
    parts = []
    for index in marked:
        word_start, word_end = spans[index]
        parts.append(escape(text[start:word_start]))
        parts.append(f"<mark>{escape(text[word_start:word_end])}</mark>")
        start = word_end
    parts.append(escape(text[start:end]))
    return "".join(parts)


def highlight(text: str, language: str, query: ParsedQuery, glossary: GlossaryMatcher | None = None) -> SafeString:
    """The whole of `text`, escaped, with matched words marked (for titles). `glossary`: the matcher to use
    (read once per search by the caller), or the current one."""
    raws = analysis.TOKEN_RE.findall(text)
    marked = _marked(raws, language, query, glossary)
    spans = _spans(text, raws, 0, None) if marked else []
    return mark_safe(_render(text, spans, marked, 0, len(text)))  # noqa: S308 - escaped


def snippet(text: str, language: str, query: ParsedQuery, length: int = SNIPPET_CHARS,
            glossary: GlossaryMatcher | None = None) -> SafeString:
    """About `length` characters of `text` around its densest run of matches, escaped, matches marked."""
    raws = analysis.TOKEN_RE.findall(text)
    if not raws:
        return mark_safe(escape(text[:length]))  # noqa: S308 - escaped
    marked = _marked(raws, language, query, glossary)
    first = 0
    if marked:
        # The window of WINDOW_WORDS words holding the most matches, starting a few words before its first.
        best, best_count = marked[0], 0
        for position, index in enumerate(marked):
            count = bisect_left(marked, index + WINDOW_WORDS, position) - position
            if count > best_count:
                best, best_count = index, count
        first = max(0, best - LEAD_WORDS)
    spans = _spans(text, raws, first, length)  # words first to last
    last = first + len(spans) - 1
    begin, end = spans[0][0], spans[-1][1]
    inside = [index - first for index in marked[bisect_left(marked, first):bisect_right(marked, last)]]
    html = _render(text, spans, inside, begin, end)
    if first > 0:
        html = "… " + html
    if last < len(raws) - 1:
        html += " …"
    else:
        html += escape(text[end:end + 20])  # closing punctuation
    return mark_safe(html)  # noqa: S308 - every piece was escaped by _render
