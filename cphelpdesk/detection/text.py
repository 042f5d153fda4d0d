"""Text helpers for the detector: digits of any script as ASCII, word tokens, keys for name lookups."""

import re
from dataclasses import dataclass

from cphelpdesk.core.languages import fold

# Arabic-Indic (Arabic), Eastern Arabic-Indic (Persian, Urdu, Pashto), Bengali and Devanagari digits, and
# the Arabic decimal and thousands separators: one character for one, so offsets into the original text hold.
_DIGIT_BLOCKS = (0x0660, 0x06F0, 0x09E6, 0x0966, 0xFF10)
DIGITS = {block + value: str(value) for block in _DIGIT_BLOCKS for value in range(10)}
DIGITS.update({0x066B: ".", 0x066C: ",", 0x060C: ","})  # Arabic decimal point, thousands separator, comma

ARABIC_MARKS = "\u064b-\u065f\u0670\u06d6-\u06ed"
LATIN_MARKS = "\u0300-\u036f"
# A word: letters, with any combining marks (Arabic short vowels, decomposed accents) and inner hyphens or
# apostrophes ("Jean-Pierre", "N'Diaye").
_LETTER = rf"[^\W\d_][{ARABIC_MARKS}{LATIN_MARKS}\u0640]*"
WORD = re.compile(rf"(?:{_LETTER})+(?:['’\-](?:{_LETTER})+)*")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ی": "ي", "ک": "ك", "ة": "ه", "ۀ": "ه",
                              "ؤ": "و", "\u0640": None, "\u200c": None})
_ARABIC_MARKS_RE = re.compile(f"[{ARABIC_MARKS}]")


def normalise_digits(text: str) -> str:
    """The text with digits of other scripts as ASCII digits; same length, so offsets still point into `text`."""
    return text.translate(DIGITS)


def name_key(word: str) -> str:
    """The lookup key of a word: case, accents and Arabic spelling variants folded away."""
    if _ARABIC_LETTER.search(word):
        return _ARABIC_MARKS_RE.sub("", word).translate(_ARABIC_FOLD)
    return fold(word).replace("’", "'")


def is_arabic(word: str) -> bool:
    """True when the word is written in Arabic script."""
    return bool(_ARABIC_LETTER.match(word))


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text with its offsets."""

    start: int
    end: int
    word: str
    key: str

    @property
    def arabic(self) -> bool:
        return is_arabic(self.word)

    @property
    def capitalised(self) -> bool:
        return self.word[:1].isupper()

    @property
    def all_caps(self) -> bool:
        return len(self.word) > 1 and self.word.isupper()


# An elided article or preposition written against a name: "d'Ahmad", "l'Amina", "qu'Issa" (but "N'Diaye" is a
# name: the elided letter is lower case).
_ELIDED = re.compile(r"(?:qu|[a-z])['’]")


def tokens(text: str) -> list[Token]:
    """The words of `text` in order, without the elided article before a capitalised word ("d'Ahmad")."""
    found = []
    for match in WORD.finditer(text):
        start, word = match.start(), match.group()
        elided = _ELIDED.match(word)
        if elided and word[elided.end()].isupper():
            start, word = start + elided.end(), word[elided.end():]
        found.append(Token(start, match.end(), word, name_key(word)))
    return found


def split_words(text: str) -> list[str]:
    """The words of a word list written as text (how the vocabularies in these modules are kept readable)."""
    return text.split()

