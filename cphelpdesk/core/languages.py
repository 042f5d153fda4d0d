"""The helpdesk's languages (`LANGUAGES`: the one list the settings, forms, search and detector use), and
which of them a text is written in (for mail from people we do not know yet).

Arabic is told by its script; English, French, Spanish and Portuguese by their commonest short words,
which are distinctive even in a three-line mail. Good enough to acknowledge and route a question;
an officer can always change a query's language.
"""

import re
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
    from django.utils.translation import gettext_lazy

    return [(code, gettext_lazy(name)) for code, name, _native in LANGUAGES if code in codes]


ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Frequent function words that the other three languages do not share (or share rarely).
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
