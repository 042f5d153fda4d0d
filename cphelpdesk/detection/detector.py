"""Find personal data in free text (English, French, Spanish, Arabic, Portuguese) and redact it.

`find_personal_data(text, language)` returns `Finding`s: names with an age or birth date, names, phone
numbers, private email addresses, case and registration numbers, GPS coordinates, national ID and passport
numbers, household locations, and matches of the administrators' custom patterns. `redact(text, findings)`
replaces each finding with a placeholder in the reader's language. Everything runs locally: the names list
ships with the app (data/first_names.txt) and nothing is fetched at run time.
"""

import hashlib
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from django.utils.translation import gettext as _

from cphelpdesk.core.languages import CODES
from cphelpdesk.detection import custom, kinds, numbers, people, places, senders, tables
from cphelpdesk.detection.text import normalise_digits

LANGUAGES = CODES


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: its kind (a code such as "phone"), the text and its offsets in the input."""

    kind: str
    text: str
    start: int
    end: int
    confidence: float = 1.0

    @property
    def label(self) -> str:
        """What the kind is called, in the active language."""
        label = kinds.LABELS.get(self.kind)
        return str(label) if label else (custom.label_for(self.kind) or str(kinds.LABELS[kinds.CUSTOM]))


def _languages(language: str | None) -> tuple[str, ...]:
    """The vocabularies to use: the text's language and English (quoted everywhere in the field), or all five."""
    code = (language or "").strip().lower()[:2]
    if code not in LANGUAGES:
        return LANGUAGES
    return (code,) if code == "en" else (code, "en")


def find_personal_data(text: str, language: str | None = None, *,
                       sender_names: Iterable[str] | None = None) -> list[Finding]:
    """The personal data in `text`, in order of position, overlapping findings merged into one.

    `language` ("fr", "pt-br", ...) narrows the language-specific cues (age words, "s'appelle", "passeport")
    to that language and English; without it, or for another language, the cues of all five are used.
    Formats that do not depend on the language (phones, emails, GPS, proGres numbers) are always found.
    With `sender_names`, `text` is a message by that sender, and what they wrote about themself (their name,
    greeting and signature block) is set aside: see `detection.senders`.
    """
    if not text:
        return []
    names = None if sender_names is None else tuple(sender_names)
    patterns = custom.compiled_patterns()
    key = _RECENT.key(text, language, names)
    remembered = _RECENT.get(key, patterns)
    if remembered is not None:
        return [Finding(kind, text[start:end], start, end, confidence) for kind, start, end, confidence in remembered]
    languages = _languages(language)
    scanned = normalise_digits(text)
    persons = people.find_people(scanned, languages)
    candidates = [
        *numbers.find_emails(scanned),
        *numbers.find_gps(scanned),
        *numbers.find_identifiers(scanned, languages),
        *numbers.find_phones(scanned, [start for _kind, start, _end, _confidence in persons]),
        *numbers.find_phones_after_names(scanned, [end for _kind, _start, end, _confidence in persons]),
        *persons,
        *places.find_locations(scanned, languages),
        *tables.find_in_tables(scanned),
        *(item[:4] for item in custom.find_custom(scanned, patterns)),
    ]
    findings = _merge(text, _without_numbers_of_places(candidates))
    if names is not None:
        findings = senders.set_aside(text, findings, names)
    _RECENT.put(key, patterns, findings)
    return findings


class _RecentResults:
    """The last results per process, for texts read again soon after: the mail worker reads a new question
    when it acknowledges it, again in the batched scan, and a third time when it records what the scan found.
    It holds no personal data, so nothing here outlives an erasure: a text is known by its digest and its
    findings by kind and offsets. A result counts only for the custom patterns it was found with."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[bytes, tuple[object, tuple[tuple[str, int, int, float], ...]]] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(text: str, language: str | None, names: tuple[str, ...] | None) -> bytes:
        return hashlib.blake2b(repr((text, language, names)).encode("utf-8", "surrogatepass"),
                               digest_size=20).digest()

    def get(self, key: bytes, patterns: object) -> tuple[tuple[str, int, int, float], ...] | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] is not patterns:
                return None
            self.entries.move_to_end(key)
            return entry[1]

    def put(self, key: bytes, patterns: object, findings: list[Finding]) -> None:
        with self.lock:
            self.entries[key] = (patterns, tuple((f.kind, f.start, f.end, f.confidence) for f in findings))
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


# A burst of a few thousand questions between their acknowledgement and their scan, in well under 1 MB.
_RECENT = _RecentResults(size=4096)


def _without_numbers_of_places(candidates: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """The candidates without the case numbers that are a household's number inside a location: "bloc B,
    quartier 5, case 127" is a hut in French, though "case 127" reads as a case number in English."""
    places = sorted((start, end) for kind, start, end, _confidence in candidates if kind == kinds.LOCATION)
    if not places:
        return candidates
    starts = [start for start, _end in places]
    # How far the locations that start at or before each one reach: a case number is inside one of those that
    # start before it when the furthest of them reaches past its end (a bisect each, not a scan of them all).
    reach = list(accumulate((end for _start, end in places), max))

    def inside(start: int, end: int) -> bool:
        index = bisect_left(starts, start) - 1
        return index >= 0 and end <= reach[index]

    return [candidate for candidate in candidates if candidate[0] != kinds.CASE_ID or not inside(*candidate[1:3])]


def _priority(kind: str) -> int:
    return kinds.PRIORITY.get(kind, kinds.CUSTOM_PRIORITY)


def _trimmed(text: str, candidate: tuple[str, int, int, float]) -> tuple[str, int, int, float]:
    """The candidate without the spaces and separators that patterns may take in at their edges."""
    kind, start, end, confidence = candidate
    while start < end and (text[start].isspace() or text[start] in ",;:،"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:،"):
        end -= 1
    return kind, start, end, confidence


def _merge(text: str, candidates: list[tuple[str, int, int, float]]) -> list[Finding]:
    """One finding per group of overlapping candidates: their union, named by the most specific kind."""
    findings: list[Finding] = []
    group: list[tuple[str, int, int, float]] = []
    group_end = -1

    def close() -> None:
        if group:
            kind, _start, _end, _confidence = max(group, key=lambda item: (_priority(item[0]), item[2] - item[1]))
            start, end = min(item[1] for item in group), max(item[2] for item in group)
            confidence = max(item[3] for item in group if item[0] == kind)
            findings.append(Finding(kind, text[start:end], start, end, round(confidence, 2)))

    trimmed = (_trimmed(text, candidate) for candidate in candidates)
    for candidate in sorted(trimmed, key=lambda item: (item[1], -item[2])):
        if candidate[1] >= candidate[2]:
            continue
        if candidate[1] >= group_end:
            close()
            group, group_end = [], -1
        group.append(candidate)
        group_end = max(group_end, candidate[2])
    close()
    return findings


def placeholder(kind: str) -> str:
    """The text that replaces a finding of this kind, in the active language ("[phone number removed]")."""
    if kind in kinds.PLACEHOLDERS:
        return str(kinds.PLACEHOLDERS[kind])
    name = custom.label_for(kind)
    if name:
        return _("[%(name)s removed]") % {"name": name}
    return str(kinds.PLACEHOLDERS[kinds.CUSTOM])


def redact(text: str, findings: list[Finding]) -> str:
    """`text` with each finding replaced by its placeholder; findings that overlap an earlier one are skipped."""
    parts, position = [], 0
    for finding in sorted(findings, key=lambda item: (item.start, -item.end)):
        if finding.start < position or finding.end > len(text):
            continue
        parts.append(text[position:finding.start])
        parts.append(placeholder(finding.kind))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
