"""The helpdesk's languages and their words, in one place and without Django: the list of languages (`LANGUAGES`,
used by the settings, forms, search, the API and the personal-data detector), each language's function words
(`FUNCTION_WORDS`, search's stop words), text folding (`fold`: search's analysis and the detector's name keys)
and which language a text is written in (`detect_language`, for mail from people we do not know yet).

Arabic is told by its script; English, French, Spanish and Portuguese by their commonest short words,
which are distinctive even in a three-line mail. Good enough to acknowledge and route a question;
an officer can always change a query's language.
"""

import re
import unicodedata
from collections import Counter


def gettext_noop(text: str) -> str:
    """Mark `text` for the translation catalogs without importing Django here (this module also runs in the
    extractor's child process): it is translated where it is shown, through `language_choices`."""
    return text


# The helpdesk's languages, in the order every list shows them: code, English name (translated where shown),
# name in itself. The first four are the interface's (settings.LANGUAGES); queries and resources may also be
# in Portuguese, which the Spanish desk answers in.
LANGUAGES = (
    ("en", gettext_noop("English"), "English"),
    ("fr", gettext_noop("French"), "Français"),
    ("es", gettext_noop("Spanish"), "Español"),
    ("ar", gettext_noop("Arabic"), "العربية"),
    ("pt", gettext_noop("Portuguese"), "Português"),
)
CODES = tuple(code for code, _name, _native in LANGUAGES)
INTERFACE_CODES = ("en", "fr", "es", "ar")
# Each language named in itself (the resource language list: a reader finds their own language's name).
NATIVE_NAMES = [(code, native) for code, _name, native in LANGUAGES]


def language_choices(codes: tuple[str, ...] = CODES) -> list[tuple[str, object]]:
    """(code, name) for each of `codes`, the name translated into the reader's language when shown."""
    # Late: the extractor's child process imports this module without Django.
    from django.utils.translation import gettext_lazy  # noqa: PLC0415

    return [(code, gettext_lazy(name)) for code, name, _native in LANGUAGES if code in codes]


# The function words of each language, our own: search drops them as stop words (`search.analysis`). They
# hold no word that means something in one of the other languages (French "son", Spanish "son" and "no" are
# kept), because a search whose language is unknown drops the function words of every language.
FUNCTION_WORDS = {
    "en": """a an the and or nor of to in on at by for with from as is are was were be been being it its this that
        these those which who whom whose what there their they them he she his her we our you your i not but if
        than then so such into about over under between per via do does did has have had would can could should
        must also any all each both other""",
    "fr": """le la les l un une des du de d et ou en au aux a à dans par pour sur avec sans ce cet cette ces se sa ses
        qui que qu quoi dont où ne n pas est sont été être il elle ils elles on nous vous leur leurs y c s m j t
        lui ont avait entre""",
    "es": """el la los las un una unos unas de del y e o u en a al por para con que se su sus es fue lo le les
        como más pero este esta estos estas ese esa esos esas muy sobre entre ya ha han""",
    "pt": """o a os as um uma uns umas de do da dos das e ou em no na nos nas por para com sem que se seu sua seus
        suas é são foi ao aos à às pelo pela pelos pelas mais mas como este esta isso entre""",
    "ar": """في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين و أو او ثم لا لم لن ما هل قد كان كانت هو هي هم
        بين عند كل أن ان إن""",
}

ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Words that tell one language in a short mail: frequent function words the other languages do not share (or
# share rarely), and greetings.
MARKERS = {
    "en": {"the", "and", "of", "to", "is", "in", "for", "we", "you", "with", "on", "are", "this", "that", "have",
           "our", "please", "would", "could", "thank", "thanks", "dear", "hello", "regards", "what", "how", "any"},
    "fr": {"le", "la", "les", "des", "et", "est", "une", "pour", "dans", "nous", "vous", "avec", "sur", "qui",
           "que", "pas", "du", "au", "aux", "merci", "bonjour", "cordialement", "avez", "sont", "ce", "cette"},
    "es": {"el", "los", "las", "y", "es", "una", "para", "en", "con", "por", "que", "del", "al", "nosotros",
           "usted", "gracias", "hola", "saludos", "estimado", "estimada", "muy", "como", "está", "están", "pero"},
    "pt": {"o", "os", "as", "e", "é", "um", "uma", "para", "em", "com", "por", "que", "do", "da", "dos", "das",
           "não", "obrigado", "obrigada", "olá", "você", "vocês", "nós", "são", "está", "estão", "mas", "no", "na"},
}


def fold(text: str) -> str:
    """`text` case-folded and without accents or Arabic short vowels (NFKD, combining marks removed): the
    folding search's analysis and the personal-data detector's name keys start from."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def detect_language(text: str, default: str | None = None) -> str | None:
    """en, fr, es, pt or ar for `text`, or `default` when there is too little to tell."""
    sample = (text or "")[:5000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return default
    if sum(1 for ch in letters if ARABIC_LETTER.match(ch)) > len(letters) * 0.3:
        return "ar"
    words = Counter(word.lower() for word in WORD.findall(sample))
    scores = {language: sum(count for word, count in words.items() if word in markers)
              for language, markers in MARKERS.items()}
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 2 or ranked[0] == ranked[1]:
        return default
    return best
