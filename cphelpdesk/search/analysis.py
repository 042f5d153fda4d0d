"""Language-aware text analysis shared by indexing and querying: tokens, folding, stop words, stems.

Both engines index the terms this module produces (PostgreSQL with its 'simple' configuration, SQLite's FTS5
with a tokenizer that keeps our tokens as they are), so the two engines see exactly the same vocabulary.

A token becomes a term in four steps:

1. `prepare`: case folding, NFKD with combining marks removed (accents for Latin, tashkeel for Arabic),
   tatweel removed, alef forms unified, Arabic-Indic digits made ASCII.
2. stop words of the language are dropped.
3. the language's Snowball stemmer (PyStemmer), see `stem`. English, Spanish and Arabic words are stemmed folded
   (so "ninos" and "niños" get the same stem); French and Portuguese words as written and the stem folded after,
   because those two stemmers read accents ("-ité", "-ção": folded first, "reunificação" kept "-cao" and never met
   "reunificar"); their suffixes typed without accents get them back first, so "avaliacao" still meets
   "avaliação", and Portuguese plurals of -al and -il are made singular ("infantis" meets "infantil"). Arabic's
   strips the article ال and common affixes, and here also the conjunction و or ف before it and the alef it leaves
   of a plural ات without the article.
   English words are first spelt the American way where the British spelling is unambiguous ("demobilising",
   "labour", "programme" meet "demobilization", "labor", "program"), see `_ENGLISH_SPELLING`.
   Then verb and noun of the -ify family share a term in the four Latin languages ("reunifying", "reunification",
   "réunifier", "reunificación" and "reunificação" all become "reunif"), and English "-istr"/"-rr" stems meet
   their verbs ("registration" and "registering", "referral" and "refer").
4. `finish`: ة -> ه and ى -> ي, after stemming because the Arabic stemmer uses ة to recognise feminine endings.

Documents are analysed in their own language. A query's language is often unknown or differs from the
document's, so each query word becomes the set of its stems in every language plus its folded surface form:
whatever language a document containing that word was analysed in, one of the alternatives is its term.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import Stemmer

from cphelpdesk.core.languages import CODES, FUNCTION_WORDS, fold
from cphelpdesk.core.languages import detect_language as guess

LANGUAGES = CODES
SNOWBALL_NAMES = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese", "ar": "arabic"}

# A word: letters and digits, with any combining marks (accents in decomposed text, Arabic tashkeel) inside it,
# that is a longest run of characters each either a letter or digit or a mark. Written as runs of either kind
# taken whole (possessive), which finds the same runs as one character at a time, `(?:[^\W_]|[marks])+`, in
# 60 % of the time (tests/search/test_analysis.py compares the two).
COMBINING_MARKS = r"\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff"
TOKEN_RE = re.compile(rf"(?:[^\W_]++|[{COMBINING_MARKS}]++)++")
MAX_TOKEN_LENGTH = 60  # longer "words" are base64, hashes or URLs run together: never searched for

_ARABIC_PREPARE = {
    0x0640: None,  # tatweel (kashida) only stretches a word
    0x0671: "\u0627",  # alef wasla
    **{0x0660 + digit: str(digit) for digit in range(10)},  # Arabic-Indic digits
    **{0x06F0 + digit: str(digit) for digit in range(10)},  # Extended Arabic-Indic (Persian, Urdu) digits
}
_ARABIC_FINISH = str.maketrans({"\u0629": "\u0647", "\u0649": "\u064a"})  # ة -> ه, ى -> ي
# NFKD can turn a letter into punctuation ("¼" -> "1⁄4", "⑴" -> "(1)"): terms keep letters and digits only,
# so that both engines' query syntax can always quote them.
_NOT_WORD = re.compile(r"[\W_]+")

def prepare(token: str) -> str:
    """Case-fold, strip accents and tashkeel (NFKD, combining marks removed), unify alef forms and digits."""
    # NFKD already turns أ إ آ into ا plus a combining hamza or madda, which folding removes.
    return fold(token).translate(_ARABIC_PREPARE)


def finish(stem: str) -> str:
    """The last normalisation, after stemming: ة -> ه, ى -> ي, and nothing but letters and digits."""
    finished = stem.translate(_ARABIC_FINISH)
    return finished if finished.isalnum() else _NOT_WORD.sub("", finished)


STOP_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(finish(prepare(word)) for word in words.split())
    for language, words in FUNCTION_WORDS.items()
}
ALL_STOP_WORDS: frozenset[str] = frozenset().union(*STOP_WORDS.values())


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(SNOWBALL_NAMES[language])


# Accents the French and Portuguese stemmers need on a suffix, given back to words typed without them.
_ACCENTED_SUFFIXES = {
    "fr": (("ites", "ités"), ("ite", "ité"), ("ees", "ées"), ("ee", "ée")),
    "pt": (("coes", "ções"), ("cao", "ção"), ("oes", "ões"), ("ao", "ão"), ("encias", "ências"), ("encia", "ência"),
           ("arias", "árias"), ("aria", "ária"), ("arios", "ários"), ("ario", "ário"), ("aveis", "áveis"),
           ("avel", "ável"), ("iveis", "íveis"), ("ivel", "ível")),
}
_STEM_AS_WRITTEN = frozenset(_ACCENTED_SUFFIXES)
_ARABIC_CONJUNCTION_ARTICLE = ("\u0648\u0627\u0644", "\u0641\u0627\u0644")  # وال, فال: "and the", "so the"
# Derivational families Snowball leaves apart: (ending, replacement) on the folded stem, per language.
_FAMILIES = {
    "en": (("ific", "if"), ("ifi", "if"), ("istr", "ist"), ("rr", "r")),
    "fr": (("ific", "if"), ("ifi", "if")),
    "es": (("ific", "if"), ("ifi", "if")),
    "pt": (("ific", "if"), ("ifi", "if")),
}


# British spellings rewritten the American way before English stemming, documents and queries alike: Snowball
# conflates the -ize family ("organization", "organizing", "organize") but not its -ise twin, and leaves -our/-or
# and -mme/-m apart. Only where the British form is unambiguous: three letters at least before the change ("raise",
# "hour" and "your" stay), and no -ise after c, v or w, whose families are other words ("exercise", "supervise"
# and "supervision", "otherwise").
_ENGLISH_SPELLING = (
    (re.compile(r"^(\w{2,}[^\Wcvw])is(e|ed|es|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(\w{3,})ys(e|ed|es|ing)$"), r"\1yz\2"),
    (re.compile(r"^(\w{3,})our(|s|ed|ing|er|ers|able|ite|ites|hood|hoods|al)$"), r"\1or\2"),
    (re.compile(r"^(\w{3,}am)me(|s)$"), r"\1\2"),
)


def _rewritten(word: str, rules: tuple) -> str:
    """`word` rewritten by the first of `rules` (pattern, replacement) that matches it."""
    for pattern, replacement in rules:
        word, count = pattern.subn(replacement, word)
        if count:
            break
    return word


def _with_accents(word: str, language: str) -> str:
    if len(word) > 4 and word.isascii():
        for plain, accented in _ACCENTED_SUFFIXES[language]:
            if word.endswith(plain):
                return word[:-len(plain)] + accented
    return word


# Portuguese plurals of -al and -il ("nacionais", "infantis"), whose -is Snowball strips while it keeps the
# singular whole ("nacion" but "nacional"): made singular first. Six letters at least, and -is only after a
# consonant, so that "mais", "pais", "depois" and "dois" stay.
_PORTUGUESE_PLURALS = ((re.compile(r"^(\w{3,})ais$"), r"\1al"),
                       (re.compile(r"^(\w{3,}[^\Waeiouáéíóúâêôãõ])is$"), r"\1il"))


def stem(raw: str, language: str) -> str:
    """The folded Snowball stem of one word in `language` (one of LANGUAGES), before `finish`."""
    if language in _STEM_AS_WRITTEN:
        written = _with_accents(unicodedata.normalize("NFC", raw.casefold()), language)
        if language == "pt":
            written = _rewritten(written, _PORTUGUESE_PLURALS)
        stemmed = prepare(_stemmer(language).stemWord(written))
    else:
        prepared = prepare(raw)
        if language == "en":
            prepared = _rewritten(prepared, _ENGLISH_SPELLING)
        if language == "ar" and len(prepared) > 5 and prepared.startswith(_ARABIC_CONJUNCTION_ARTICLE):
            prepared = prepared[1:]
        stemmed = _stemmer(language).stemWord(prepared)
        if language == "ar" and prepared.endswith("\u0627\u062a") and stemmed.endswith("\u0627") and len(stemmed) > 3:
            # Without the article Snowball takes only the ت of the plural ات ("إحالات" -> "احالا"): the
            # alef goes too, so that it meets the singular and the plural with the article ("إحالة", "الإحالات").
            stemmed = stemmed[:-1]
    if len(stemmed) > 5:
        for ending, replacement in _FAMILIES.get(language, ()):
            if stemmed.endswith(ending):
                return stemmed[:-len(ending)] + replacement
    return stemmed


def normalise_language(language: str | None) -> str:
    """One of LANGUAGES, or "" when unknown or unsupported ("fr-CA" -> "fr")."""
    code = (language or "").strip().lower()[:2]
    return code if code in LANGUAGES else ""


def stop_words(language: str) -> frozenset[str]:
    """The stop words dropped from text in `language` (every language's when it is unknown)."""
    return STOP_WORDS.get(language, ALL_STOP_WORDS)


def tokens(text: str) -> list[str]:
    """The words of `text` as written (no folding), in order."""
    return [word for word in TOKEN_RE.findall(text) if len(word) <= MAX_TOKEN_LENGTH]


# Memos of raw token -> term (None for a stop word) per language, and raw token -> "did you mean" word (None when
# not worth suggesting). Documents repeat a modest vocabulary, so these turn stemming into dictionary lookups;
# each is cleared when it grows too big.
_TERM_CACHE: dict[str, dict[str, str | None]] = {language: {} for language in (*LANGUAGES, "")}
_VOCABULARY_CACHE: dict[str, str | None] = {}
_CACHE_LIMIT = 400_000
_MISSING = object()


def _analyse_token(raw: str, language: str) -> str | None:
    prepared = prepare(raw)
    surface = finish(prepared)
    if surface in stop_words(language):
        result = None
    elif language:
        result = finish(stem(raw, language)) or surface
    else:
        result = surface
    cache = _TERM_CACHE[language]
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[raw] = result
    return result


def term(raw: str, language: str) -> str | None:
    """The indexed term for one word of a document in `language` (None for a stop word)."""
    found = _TERM_CACHE[language].get(raw, _MISSING)
    return _analyse_token(raw, language) if found is _MISSING else found


def surface(raw: str) -> str:
    """The folded form of a word as written, unstemmed."""
    return finish(prepare(raw))


def word_terms(raws: list[str], language: str) -> list[str | None]:
    """The terms of words of a document in `language`, in parallel (None for stop words)."""
    get = _TERM_CACHE[language].get
    found = [get(raw, _MISSING) for raw in raws]
    if _MISSING in found:
        found = [_analyse_token(raw, language) if item is _MISSING else item for raw, item in zip(raws, found,
                                                                                                 strict=True)]
    return found


def analyse(text: str, language: str) -> tuple[list[str], list[str | None]]:
    """The words of `text` and, in parallel, their terms in `language` (None where a word is a stop word)."""
    raws = tokens(text)
    return raws, word_terms(raws, language)


def terms(text: str, language: str) -> list[str]:
    """The terms of `text` analysed in `language`, stop words dropped."""
    return [found for found in analyse(text, language)[1] if found]


def is_stop_word(raw: str, language: str = "") -> bool:
    """True when `raw` is a stop word in `language` (in any language when it is unknown)."""
    return finish(prepare(raw)) in stop_words(language)


def query_alternatives(raw: str, language: str = "") -> frozenset[str]:
    """The terms a query word may have been indexed as: its stem in each candidate language and its surface form.

    `language` narrows the stems to that language's (plus the surface form); "" means all five.
    """
    prepared = prepare(raw)
    found = {finish(prepared)}
    for candidate in (language,) if language else LANGUAGES:
        found.add(finish(stem(raw, candidate)) or finish(prepared))
        if candidate == "ar" and prepared.endswith("\u0647"):
            # Final ه is often typed for ة; the stemmer only strips the feminine ending when it is ة.
            found.add(finish(stem(prepared[:-1] + "\u0629", "ar")))
    found.discard("")
    return frozenset(found)


def _vocabulary_word(raw: str) -> str | None:
    folded = surface(raw)
    word = folded if 3 <= len(folded) <= 30 and folded.isalpha() and folded not in ALL_STOP_WORDS else None
    if len(_VOCABULARY_CACHE) >= _CACHE_LIMIT:
        _VOCABULARY_CACHE.clear()
    _VOCABULARY_CACHE[raw] = word
    return word


def vocabulary_words(*word_lists: Iterable[str]) -> set[str]:
    """Folded words worth suggesting in "did you mean": letters only, 3 to 30 characters, not stop words."""
    get = _VOCABULARY_CACHE.get
    words = set()
    for raw in set().union(*word_lists):
        word = get(raw, _MISSING)
        if word is _MISSING:
            word = _vocabulary_word(raw)
        if word:
            words.add(word)
    return words


def detect_language(text: str) -> str:
    """A cheap guess at the language of `text` (core.languages), or ""."""
    return guess(text) or ""
