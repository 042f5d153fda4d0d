"""Titles and snippets with the matched words wrapped in <mark>, computed on the stored raw text.

Only the hits of the page shown are highlighted. Every piece of the text is HTML-escaped, so a document that
contains markup (`<script>`) shows it as text.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from cphelpdesk.search import analysis
from cphelpdesk.search.glossary import matcher
from cphelpdesk.search.query import ParsedQuery

SNIPPET_CHARS = 240
LEAD_WORDS = 4  # words of context before the first match in a snippet
WINDOW_WORDS = 40


def _matched(text: str, language: str, query: ParsedQuery) -> tuple[list[tuple[int, int]], set[int]]:
    """Word spans (start, end offsets) of `text` and the indexes of those that match the query."""
    found = [(match.start(), match.end(), match.group()) for match in analysis.TOKEN_RE.finditer(text)]
    spans = [(start, end) for start, end, _raw in found]
    raws = [raw for _start, _end, raw in found]
    terms = analysis.word_terms(raws, language)
    surfaces = analysis.word_terms(raws, "")
    wanted = query.highlight_terms
    marked = {index for index, (term, folded) in enumerate(zip(terms, surfaces, strict=True))
              if term is not None and (term in wanted or folded in wanted)}
    prefixes = query.highlight_prefixes
    if prefixes:
        marked.update(index for index, (term, folded) in enumerate(zip(terms, surfaces, strict=True))
                      if term is not None and (term.startswith(prefixes) or (folded or "").startswith(prefixes)))
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
        return mark_safe(escape(text))  # noqa: S308 - escaped
    return mark_safe(escape(text[:spans[0][0]]) + _render(text, spans, marked, 0, len(spans) - 1)  # noqa: S308
                     + escape(text[spans[-1][1]:]))


def snippet(text: str, language: str, query: ParsedQuery, length: int = SNIPPET_CHARS) -> SafeString:
    """About `length` characters of `text` around its densest run of matches, escaped, matches marked."""
    spans, marked = _matched(text, language, query)
    if not spans:
        return mark_safe(escape(text[:length]))  # noqa: S308 - escaped
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
