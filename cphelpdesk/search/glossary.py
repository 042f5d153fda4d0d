"""Glossary expansion: acronyms and their meanings in any language become one concept token.

At index time every glossary term found in a document (its acronym, an acronym given in parentheses in a
translation such as "(ENA/ES)", or its meaning in English, French, Spanish, Arabic or Portuguese) adds a concept
token such as `zzgluasc` to the indexed text. At query time the same detection ORs the concept token with the
words it came from, so "UASC" finds "enfants non accompagnés et séparés" and "enfants non accompagnés" finds
"UASC".

Meanings are matched on analysed terms (so inflection and accents do not matter), acronyms as written words. A
meaning is found where a run of adjacent terms (stop words aside) holds its terms in any order ("separated and
unaccompanied children", "crianças separadas e desacompanhadas"), or most of them: in documents at least
DOCUMENT_MIN_SHARE of a longer meaning ("niños no acompañados y separados" for "niñez no acompañada y separada"),
in queries two terms at least and PARTIAL_MIN_SHARE of it. In documents an acronym must be written as
in the glossary or in capitals ("PIN", never "pin"), because several acronyms are ordinary words in lower case (PiN,
ToT, CERF, MIRA); queries are typed in lower case, so there case does not matter, which at worst adds results.

A term that is not an acronym ("Birth registration", "Paris Principles": no capital after a word's first letter,
no digit) is matched as one more meaning, so that "birth registration" in lower case counts in a document; such a
concept needs two terms at least in each meaning, since a single common word would tag far too much.

Country names are concepts too (`search.places`): "Ucrania", "Ukraine" and "أوكرانيا" add or match one token.

The compiled matcher is cached per process (`core.config_cache`): saving or deleting a GlossaryTerm, in any
process, drops it. Documents indexed before a glossary change keep their old concept tokens until
`manage.py rebuild_index`.
"""

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

from cphelpdesk.core.config_cache import ConfigCache
from cphelpdesk.search import analysis, places
from cphelpdesk.taxonomy.models import GlossaryTerm

CONCEPT_PREFIX = "zzgl"
# A query that says much of a meaning ("enfants non accompagnés" of "enfants non accompagnés et séparés",
# "trabalho infantil" of "piores formas de trabalho infantil") stands for the term too: at least two terms and
# this share of the meaning. (Half: on the search sets 0.6 and 0.75 ranked worse, 0.5 better on all three.)
PARTIAL_MIN_SHARE = 0.5
# A document, whose words are many, must say more of it: three terms of four, but not two of three ("child
# protection" is not "child protection in emergencies").
DOCUMENT_MIN_SHARE = 0.75
_PARENTHESES = re.compile(r"\(([^()]*)\)")


def concept_token(term: str) -> str:
    """The token standing for a glossary term in the index: "UASC" -> "zzgluasc", "M&E" -> "zzglmande"."""
    folded = analysis.prepare(term).replace("+", "plus").replace("&", "and")
    slug = re.sub(r"[^0-9a-z]", "", folded)
    return CONCEPT_PREFIX + (slug or format(zlib.crc32(term.encode()), "x"))


def _acronym_word(word: str) -> bool:
    # A capital after the first letter ("UASC", "PiN", "AoR"), a digit ("4W", "L3") or a lone capital ("M" of
    # "M&E"); a capitalised word ("Paris", "Birth") is an ordinary word.
    return any(char.isdigit() for char in word) or any(char.isupper() for char in word[1:]) or word.isupper()


def _acronym_like(text: str) -> bool:
    words = analysis.tokens(text)
    return bool(words) and all(_acronym_word(word) for word in words)


def variants(term: str, meanings: list[str]) -> tuple[list[tuple[str, ...]], list[str]]:
    """The acronym forms (as word tuples) and the meaning texts under which `term` may appear.

    A term that is not an acronym ("Birth registration", "Paris Principles") is one more meaning: matched on
    analysed terms in any case, as its meanings are, rather than as words written exactly so.
    """
    acronyms = [tuple(analysis.tokens(term))] if _acronym_like(term) else []
    texts = [] if acronyms else [term]
    for meaning in meanings:
        for inner in _PARENTHESES.findall(meaning):
            if _acronym_like(inner):
                acronyms.append(tuple(analysis.tokens(inner)))
            else:
                texts.append(inner)
        texts.extend(part.strip() for part in _PARENTHESES.sub(" ", meaning).split(";") if part.strip())
    # The term and its English meaning are often the same words ("Birth registration", "birth registration").
    unique: dict[str, str] = {}
    for text in texts:
        unique.setdefault(text.casefold(), text)
    return [form for form in dict.fromkeys(acronyms) if form], list(unique.values())


@dataclass(frozen=True)
class Match:
    """A glossary term found in a run of query words: words start..end-1 (end excluded)."""

    start: int
    end: int
    concepts: frozenset[str]
    whole: bool = True  # the words say all of a meaning (or an acronym), not a part of it


@dataclass
class GlossaryMatcher:
    """Finds glossary terms in analysed text; built once from the GlossaryTerm rows."""

    entries: list[tuple[str, list[tuple[str, ...]], list[str]]]  # (concept token, acronym forms, meaning texts)
    _acronyms: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    _written: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    _meanings: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = field(default_factory=dict)
    # Per language: two different terms of a meaning (either order) -> (the meaning's terms, those that are no
    # language's function words, concept), so that looking for meanings in any order costs one lookup per pair of
    # adjacent words.
    _by_pair: dict[str, dict[tuple[str, str], list[tuple[frozenset[str], frozenset[str], str]]]] = field(
        default_factory=dict)

    def __post_init__(self) -> None:
        for concept, forms, _texts in self.entries:
            for form in forms:
                self._acronyms.setdefault(form[0].casefold(), []).append((form, concept))
                # In documents an acronym's first word is written as in the glossary or in capitals.
                for written in {form[0], form[0].upper()}:
                    self._written.setdefault(written, []).append((form, concept))

    @classmethod
    def from_rows(cls, rows) -> "GlossaryMatcher":
        """A matcher for (term, [meanings]) pairs."""
        entries = []
        for term, meanings in rows:
            forms, texts = variants(term, meanings)
            entries.append((concept_token(term), forms, texts))
        return cls(entries)

    def meanings(self, language: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """Meanings analysed as a document in `language` would be, keyed by their first term."""
        if language not in self._meanings:
            table: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
            by_pair: dict[tuple[str, str], dict[tuple[frozenset[str], frozenset[str], str], None]] = defaultdict(dict)
            for concept, _forms, texts in self.entries:
                for text in texts:
                    sequence = tuple(analysis.terms(text, language))
                    if len(sequence) < 2:  # one common word alone would tag far too much
                        continue
                    table[sequence[0]].append((sequence, concept))
                    wanted = frozenset(sequence)
                    # Every meaning is analysed in every language, where another language's function words are
                    # terms ("con" of "niños con discapacidad" in French): two of the terms found must be others,
                    # or "niños con sus familias" would say half of it.
                    content = wanted - analysis.ALL_STOP_WORDS
                    if len(content) < 2:
                        continue
                    for first in wanted:
                        for second in wanted - {first}:
                            by_pair[(first, second)][(wanted, content, concept)] = None
            self._meanings[language] = dict(table)
            self._by_pair[language] = {pair: list(found) for pair, found in by_pair.items()}
        return self._meanings[language]

    def _acronym_matches(self, raws: list[str], *, strict_case: bool):
        if strict_case:
            table = self._written
            starts = [index for index, raw in enumerate(raws) if raw in table]
        else:
            table = {}
            starts = []
            for index, raw in enumerate(raws):
                if (found := self._acronyms.get(raw.casefold())) is not None:
                    table[raw] = found
                    starts.append(index)
        for index in starts:
            for form, concept in table[raws[index]]:
                end = index + len(form)
                if end > len(raws):
                    continue
                written = raws[index:end]
                if strict_case:
                    ok = all(word == wanted or (word.isupper() and word == wanted.upper())
                             for word, wanted in zip(written, form, strict=True))
                else:
                    ok = all(word.casefold() == wanted.casefold() for word, wanted in zip(written, form, strict=True))
                if ok:
                    yield index, end, concept

    def _meaning_matches(self, raws: list[str], terms: list[str | None], language: str):
        table = self.meanings(language)
        positions = [index for index, found in enumerate(terms) if found]
        words = [terms[index] for index in positions]
        for position in [position for position, word in enumerate(words) if word in table]:
            for meaning, concept in table[words[position]]:
                end = position + len(meaning)
                if tuple(words[position:end]) == meaning:
                    yield positions[position], positions[end - 1] + 1, concept

    def document_concepts(self, raws: list[str], terms: list[str | None], language: str) -> list[str]:
        """One concept token per glossary term occurrence in a document's words (overlaps allowed)."""
        found = [concept for _start, _end, concept in self._acronym_matches(raws, strict_case=True)]
        found.extend(concept for _start, _end, concepts in places.matches(raws, strict_case=True)
                     for concept in concepts)
        found.extend(concept for _start, _end, concept, _share in self._unordered_matches(terms, language,
                                                                                         DOCUMENT_MIN_SHARE))
        return found

    def document_spans(self, raws: list[str], terms: list[str | None], language: str,
                       concepts: frozenset[str]) -> list[tuple[int, int]]:
        """Word spans of a document that stand for one of `concepts` (for highlighting)."""
        spans = [(start, end) for start, end, concept in self._acronym_matches(raws, strict_case=True)
                 if concept in concepts]
        if any(concept.startswith(places.PLACE_PREFIX) for concept in concepts):  # spare every hit's words the lookup
            spans.extend((start, end) for start, end, found in places.matches(raws, strict_case=True)
                         if found & concepts)
        spans.extend((start, end) for start, end, concept, _share in self._unordered_matches(terms, language,
                                                                                            DOCUMENT_MIN_SHARE)
                     if concept in concepts)
        return spans

    def query_matches(self, raws: list[str], languages: tuple[str, ...], *, partial: bool = True) -> list[Match]:
        """Glossary terms in a run of query words, longest first and not overlapping.

        Whole meanings in their order and acronyms win over the rest; a meaning in another order, or a part of it
        (unless `partial` is False) covering two terms at least and PARTIAL_MIN_SHARE of it, counts
        too.
        """
        candidates = [(start, end, concept, True, 1.0)
                      for start, end, concept in self._acronym_matches(raws, strict_case=False)]
        candidates.extend((start, end, concept, True, 1.0)
                          for start, end, found in places.matches(raws, strict_case=False) for concept in found)
        for language in languages:
            terms = [analysis.term(raw, language) for raw in raws]
            candidates.extend((start, end, concept, True, 1.0)
                              for start, end, concept in self._meaning_matches(raws, terms, language))
            if partial:
                candidates.extend((start, end, concept, False, share) for start, end, concept, share
                                  in self._unordered_matches(terms, language, PARTIAL_MIN_SHARE))
        candidates.sort(key=lambda item: (not item[3], -(item[1] - item[0]), -item[4], item[0]))
        accepted: dict[tuple[int, int, bool], set[str]] = {}
        complete: set[tuple[int, int, bool]] = set()  # those of whole meanings (in any order) or acronyms
        for start, end, concept, ordered, share in candidates:
            if (start, end, ordered) in accepted:
                accepted[(start, end, ordered)].add(concept)
            elif not any(start < other_end and other_start < end for other_start, other_end, _o in accepted):
                accepted[(start, end, ordered)] = {concept}
            else:
                continue
            if ordered or share == 1.0:
                complete.add((start, end, ordered))
        return sorted((Match(start, end, frozenset(concepts), whole=(start, end, ordered) in complete)
                       for (start, end, ordered), concepts in accepted.items()), key=lambda match: match.start)

    def _unordered_matches(self, terms: list[str | None], language: str, min_share: float):
        """(start, end, concept, share) for each run of adjacent terms that are all terms of a meaning, in any order,
        covering at least `min_share` of it and two different terms that are no language's function words."""
        self.meanings(language)
        by_pair = self._by_pair[language]
        sequence = [(index, found) for index, found in enumerate(terms) if found]
        covered: dict[str, int] = {}  # concept -> where in `sequence` its last match ended (no match inside it)
        for position in range(len(sequence) - 1):
            first, second = sequence[position][1], sequence[position + 1][1]
            for wanted, content, concept in by_pair.get((first, second), ()):
                if covered.get(concept, 0) > position:
                    continue
                seen = {first, second}
                end = position + 2
                while end < len(sequence) and sequence[end][1] in wanted:
                    seen.add(sequence[end][1])
                    end += 1
                share = len(seen) / len(wanted)
                if share >= min_share and len(seen & content) >= 2:
                    covered[concept] = end
                    yield sequence[position][0], sequence[end - 1][0] + 1, concept, share


# Rebuilt after a change in any process, and at least every five minutes.
MATCHER = ConfigCache(["taxonomy.GlossaryTerm"], ttl=300)


def _build() -> GlossaryMatcher:
    return GlossaryMatcher.from_rows((term.term, term.expansions) for term in GlossaryTerm.objects.order_by("term"))


def matcher() -> GlossaryMatcher:
    """The compiled glossary matcher (built from the database on first use and after a change)."""
    return MATCHER.get("all", _build)
