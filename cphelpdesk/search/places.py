"""Country names across languages: "Brasil", "Brazil", "Brésil" and "البرازيل" become one concept token.

Names come from the project's reference data (`directory.reference.country_names`: ISO 3166's names and their
French, Spanish, Arabic and Portuguese translations, and the short names of the directory's data files). The
glossary matcher adds the token to documents and queries beside their glossary concepts, so that a Spanish
query about "Ucrania" finds an English document about "Ukraine" though the two share no word.

Names are matched on folded words as written, not on stems (a stem may be an ordinary word's: the Arabic stem of
"مالي", Mali, is that of "المالي", financial), longest name first. In documents a Latin-script name must begin
with a capital ("Chad", "Turkey", "Équateur", not "turkey" or "équateur", the equator); queries are typed in lower
case, so there case does not matter. An Arabic name also matches after the one-letter proclitics و ف ب ك
("and", "so", "in", "as") before its article, and with ل contracted into it ("للبرازيل").
"""

import re
from functools import cache, lru_cache

from cphelpdesk.directory.reference import country_names
from cphelpdesk.search import analysis

PLACE_PREFIX = "zzglcountry"  # a glossary concept token (CONCEPT_PREFIX), so results treat it as one
_PARENTHESES = re.compile(r"\([^()]*\)")
_COMMAS = re.compile(r"[,\u060c]")
# Names that are also an ordinary word written the same (capitalised at the start of a sentence or a title):
# never a place by themselves.
# مالي: Mali, "financial"; بنين: Benin, "boys"; عمان: Oman, Amman; Réunion, Reunión: a meeting.
AMBIGUOUS = frozenset({"\u0645\u0627\u0644\u064a", "\u0628\u0646\u064a\u0646", "\u0639\u0645\u0627\u0646", "reunion"})


def _arabic(word: str) -> bool:
    return "\u0600" <= word[0] <= "\u06ff"


# Every word of every document indexed is looked up. Bounded for the long-lived web and task processes: 20,000
# keys hold about 3 MB (200,000 held 30), and the words met most often stay.
@lru_cache(maxsize=20_000)
def key(raw: str) -> str:
    """The form under which a word of a place name is looked up: folded, an Arabic proclitic before ال removed."""
    word = analysis.surface(raw)
    if len(word) > 4 and _arabic(word):
        if word[0] in "\u0648\u0641\u0628\u0643" and word[1:3] == "\u0627\u0644":  # وال فال بال كال
            word = word[1:]
        elif word.startswith("\u0644\u0644"):  # لل: ل + ال
            word = "\u0627" + word[1:]
    return word


@cache
def names() -> dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]:
    """Place names as tuples of word keys, with the concept tokens they stand for, by first key, longest first."""
    tokens: dict[tuple[str, ...], set[str]] = {}
    for iso2, found in country_names().items():
        for name in found:
            plain = _PARENTHESES.sub(" ", name)
            # "Bolivia, Plurinational State of", "Congo, República Democrática del": the head is a name too.
            for text in {plain, _COMMAS.split(plain)[0]}:
                words = tuple(key(raw) for raw in analysis.tokens(text))
                if words and not (len(words) == 1 and (words[0] in AMBIGUOUS or len(words[0]) < 3)):
                    tokens.setdefault(words, set()).add(PLACE_PREFIX + iso2.lower())
    table: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for words in sorted(tokens, key=len, reverse=True):
        table.setdefault(words[0], []).append((words, frozenset(tokens[words])))
    return table


def matches(raws: list[str], *, strict_case: bool):
    """(start, end, concept tokens) for each place name in the words `raws`, longest first, not overlapping.

    `strict_case` (documents): a Latin-script name must begin with a capital, as proper nouns do."""
    table = names()
    keys = [key(raw) for raw in raws]
    position = 0
    while position < len(raws):
        for words, concepts in table.get(keys[position], ()):
            end = position + len(words)
            first = raws[position]
            if tuple(keys[position:end]) == words and not (strict_case and not _arabic(first)
                                                           and not first[0].isupper()):
                yield position, end, concepts
                position = end
                break
        else:
            position += 1
