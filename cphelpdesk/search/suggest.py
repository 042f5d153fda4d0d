"""\"Did you mean\": close words from the index's vocabulary, offered only when they find what the searcher may see.

The vocabulary (`SearchTerm`) holds folded words as written, not stems, because a suggestion is shown to people,
and only words of entries open to everyone (see `SearchTerm`), since any searcher may be shown one.
Words one edit away are found by generating every edit and looking them up (a few hundred keys on the primary
key); words two edits away among those sharing the first two letters. A candidate is kept only when, searched
within the same scopes and filters, it finds entries: so a word that only occurs in something the searcher may
not see is never suggested.
"""

import re
from collections.abc import Callable

from django.db import connection

from cphelpdesk.search import analysis

LATIN = "abcdefghijklmnopqrstuvwxyz"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءئؤ"
MIN_LENGTH = 4
MAX_WORDS = 6
MAX_CANDIDATES = 5
NEAR_SCAN_LIMIT = 5_000


def _alphabet(word: str) -> str:
    if word.isascii():
        return LATIN
    if all("\u0600" <= char <= "\u06ff" for char in word):
        return ARABIC
    return ""


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `word`."""
    alphabet = _alphabet(word)
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    found |= {left + char + right[1:] for left, right in splits if right for char in alphabet}
    found |= {left + char + right for left, right in splits for char in alphabet}
    found.discard(word)
    return found


def distance(first: str, second: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), or limit + 1 once it exceeds `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, 1):
        current = [row] + [0] * len(second)
        for column, other in enumerate(second, 1):
            cost = char != other
            current[column] = min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + cost)
            if (row > 1 and column > 1 and char == second[column - 2] and first[row - 2] == other):
                current[column] = min(current[column], previous_previous[column - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


def close_words(word: str) -> list[tuple[int, str]]:
    """Vocabulary words within one edit (two for words of eight letters or more), nearest first."""
    candidates = sorted(edits1(word))
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        if candidates:
            cursor.execute("SELECT DISTINCT term FROM search_searchterm "
                           f"WHERE term IN ({', '.join(['%s'] * len(candidates))})", candidates)
            found.update((term, 1) for (term,) in cursor.fetchall())
        if len(word) >= 8:
            start = word[:2]
            end = start[:-1] + chr(ord(start[-1]) + 1)
            cursor.execute("SELECT DISTINCT term FROM search_searchterm WHERE term >= %s AND term < %s LIMIT %s",
                           [start, end, NEAR_SCAN_LIMIT])
            for (term,) in cursor.fetchall():
                if term != word and term not in found and distance(word, term) <= 2:
                    found[term] = 2
    return sorted((steps, term) for term, steps in found.items())


def suggest(text: str, words: tuple[str, ...], count: Callable[[str], int], total: int) -> tuple[str, int] | None:
    """A corrected `text` that finds more than `total` results, and how many; or None.

    `words` are the query's plain words as typed; `count(text)` counts the results of a text within the
    searcher's scopes and filters.
    """
    corrected = text
    changed = False
    for word in words[:MAX_WORDS]:
        folded = analysis.surface(word)
        if len(folded) < MIN_LENGTH or not folded.isalpha():
            continue
        own = count(word)
        if own > 0:
            # A word some entry contains is spelled as written there: not what keeps results away, even when the
            # words never meet in one entry (search then shows entries with some of them instead).
            continue
        best = None
        for steps, candidate in close_words(folded)[:MAX_CANDIDATES]:
            found = count(candidate)
            if found > own and (best is None or (steps, -found) < (best[0], -best[1])):
                best = (steps, found, candidate)
        if best is not None:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", best[2], corrected, count=1)
            changed = True
    if not changed:
        return None
    found = count(corrected)
    return (corrected, found) if found > total else None
