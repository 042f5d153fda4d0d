"""Titles and snippets with the matched words wrapped in <mark>, computed on the stored raw text.

Only the hits of the page shown are highlighted. Every piece of the text is HTML-escaped, so a document that
contains markup (`<script>`) shows it as text.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cphelpdesk.search import analysis
from cphelpdesk.search.glossary import matcher
from cphelpdesk.search.query import ParsedQuery

SNIPPET_CHARS = 240
LEAD_WORDS = 4  # words of context before the first match in a snippet
WINDOW_WORDS = 40


def _matched(text: str, language: str, query: ParsedQuery) -> tuple[list[tuple[int, int]], set[int]]:
    """Word spans (start, end offsets) of `text` and the indexes of those that match the query."""
    spans = [(found.start(), found.end()) for found in analysis.TOKEN_RE.finditer(text)]
    raws = [text[start:end] for start, end in spans]
    terms = [analysis.term(raw, language) for raw in raws]
    marked = set()
    wanted = query.highlight_terms
    prefixes = query.highlight_prefixes
    for index, (raw, found) in enumerate(zip(raws, terms, strict=True)):
        if found is None:
            continue
        folded = analysis.surface(raw)
        if found in wanted or folded in wanted or (prefixes and (found.startswith(prefixes)
                                                               or folded.startswith(prefixes))):
            marked.add(index)
    if query.concepts:
        for start, end in matcher().document_spans(raws, terms, language, query.concepts):
            marked.update(index for index in range(start, end) if terms[index] is not None)
    return spans, marked


def _render(text: str, spans: list[tuple[int, int]], marked: set[int], first: int, last: int) -> str:
    """Escaped text from word `first` to word `last` (inclusive), marked words wrapped in <mark>."""
    parts = []
    position = spans[first][0]
    for index in range(first, last + 1):
        start, end = spans[index]
        parts.append(escape(text[position:start]))
        word = escape(text[start:end])
        parts.append(f"<mark>{word}</mark>" if index in marked else word)
        position = end
    return "".join(parts)


def highlight(text: str, language: str, query: ParsedQuery) -> SafeString:
    """The whole of `text`, escaped, with matched words marked (for titles)."""
    spans, marked = _matched(text, language, query)
    if not marked:
        return escape(text)
    return mark_safe(escape(text[:spans[0][0]]) + _render(text, spans, marked, 0, len(spans) - 1)  # noqa: S308
                     + escape(text[spans[-1][1]:]))


def snippet(text: str, language: str, query: ParsedQuery, length: int = SNIPPET_CHARS) -> SafeString:
    """About `length` characters of `text` around its densest run of matches, escaped, matches marked."""
    spans, marked = _matched(text, language, query)
    if not spans:
        return escape(text[:length])
    first = 0
    if marked:
        # The window of WINDOW_WORDS words holding the most matches, starting a few words before its first.
        ordered = sorted(marked)
        best, best_count = ordered[0], 0
        for position, index in enumerate(ordered):
            count = sum(1 for other in ordered[position:] if other < index + WINDOW_WORDS)
            if count > best_count:
                best, best_count = index, count
        first = max(0, best - LEAD_WORDS)
    last = first
    while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= length:
        last += 1
    html = _render(text, spans, marked, first, last)
    if first > 0:
        html = "… " + html
    if last < len(spans) - 1:
        html += " …"
    else:
        html += escape(text[spans[last][1]:spans[last][1] + 20])  # closing punctuation
    return mark_safe(html)  # noqa: S308 - every piece was escaped by _render
