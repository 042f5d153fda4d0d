"""What a sender writes about themself is not a third party's data.

A coordinator who signs "Best regards, Jean Dupont, CP Coordinator, UNICEF Mali" has sent their own name, role
and contact details, not a child's. The scan of a sender's message sets aside: the names the sender goes by
(the From display name, their account's name, "my name is ..."), the person a greeting addresses ("Dear
Maria,"), and the names, phones and email addresses of the signature block after a sign-off ("Best regards",
"Cordialement", "Saludos", "مع التحية"). A name with an age or a birth date, a case or ID number, or anything
else is never set aside, wherever it is written: a child's details in the body are still found.
"""

import re
from collections.abc import Iterable

from cphelpdesk.detection.kinds import EMAIL, PERSON_NAME, PHONE
from cphelpdesk.detection.text import name_key, tokens

# Phrases that close a message, compared folded (text.name_key: no case, no accents), each alone on its line
# or followed by the signer's name after a comma ("Thanks, Aminata").
SIGN_OFFS = tuple(sorted({name_key(phrase) for phrase in [
    # English
    "best regards", "kind regards", "warm regards", "warmest regards", "regards", "best wishes", "all the best",
    "best", "sincerely", "yours sincerely", "sincerely yours", "yours faithfully", "yours truly", "respectfully",
    "cheers", "thanks", "thank you", "many thanks", "thanks in advance", "thank you in advance", "thanks a lot",
    "with thanks", "with best regards", "with kind regards",
    # French
    "cordialement", "bien cordialement", "très cordialement", "bien à vous", "salutations",
    "sincères salutations", "meilleures salutations", "bien sincèrement", "merci", "merci d'avance",
    "merci par avance", "merci beaucoup", "avec mes remerciements", "bonne journée", "belle journée",
    "amicalement", "respectueusement",
    # Spanish
    "saludos", "saludos cordiales", "un saludo", "un cordial saludo", "atentamente", "cordialmente", "gracias",
    "muchas gracias", "gracias de antemano", "un abrazo", "quedo atento", "quedo atenta",
    # Portuguese
    "atenciosamente", "cumprimentos", "com os melhores cumprimentos", "obrigado", "obrigada", "muito obrigado",
    "muito obrigada", "um abraço", "abraços", "saudações",
    # Arabic
    "مع التحية", "مع التحيات", "مع خالص التحية", "مع أطيب التحيات", "تحياتي", "مع تحياتي", "مع الشكر",
    "مع الشكر والتقدير", "شكرا", "شكراً", "وشكرا", "شكرا لكم", "مع فائق الاحترام", "مع الاحترام",
    "وتفضلوا بقبول فائق الاحترام", "تقبلوا تحياتي", "والسلام عليكم",
]}, key=len, reverse=True))
# The signature delimiter of mail clients ("-- ").
DELIMITER = re.compile(r"^[ \t]*--[ \t]*$")
# Where the signature block ends: quoted history or a forwarded message below it.
QUOTE_START = re.compile(r"^[ \t]*(?:>|-{2,}[ \t]*\w|_{5,}|(?:From|De|Von|من)[ \t]*:|On .+ wrote:|Le .+ a écrit"
                         r"|El .+ escribió|Em .+ escreveu)", re.I)
# A signature block is short: a sign-off followed by more lines than this, or longer ones, is prose.
MAX_SIGNATURE_LINES = 8
MAX_SIGNATURE_LINE = 100
MAX_NAME_AFTER_SIGN_OFF = 5  # words

# Words that open a greeting; the name right after them is the person addressed (a colleague, the helpdesk).
SALUTATIONS = tuple(sorted({name_key(word) for word in [
    "dear", "hello", "hi", "hey", "good morning", "good afternoon", "bonjour", "bonsoir", "cher", "chère",
    "chers", "salut", "hola", "buenos días", "buenas tardes", "estimado", "estimada", "estimados", "querido",
    "querida", "olá", "prezado", "prezada", "caro", "cara", "bom dia", "boa tarde", "مرحبا", "مرحباً", "عزيزي",
    "عزيزتي", "السلام عليكم", "صباح الخير", "أهلا",
]}, key=len, reverse=True))
# Words by which a sender introduces themself; the name right after them is their own.
INTRODUCTIONS = tuple(sorted({name_key(phrase) for phrase in [
    "my name is", "i am", "i'm", "this is", "je m'appelle", "je suis", "mon nom est", "moi c'est", "me llamo",
    "soy", "mi nombre es", "meu nome é", "me chamo", "sou", "اسمي", "أنا", "انا",
]}, key=len, reverse=True))
# In a signature block, the signer's own name and contact details.
SIGNATURE_KINDS = frozenset({PERSON_NAME, PHONE, EMAIL})


def _folded(text: str) -> str:
    return " ".join(name_key(text).split())


def _starts_with(folded: str, phrases: tuple[str, ...]) -> str | None:
    """The phrase `folded` begins with as whole words, if any."""
    for phrase in phrases:
        if folded.startswith(phrase) and not folded[len(phrase):len(phrase) + 1].isalnum():
            return phrase
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line of `text` with its offset."""
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _is_sign_off(line: str) -> bool:
    if DELIMITER.match(line):
        return True
    folded = _folded(line)
    phrase = _starts_with(folded, SIGN_OFFS)
    if phrase is None:
        return False
    rest = folded[len(phrase):].strip()
    if not rest.strip(",.!;:،-– "):
        return True
    # "Thanks, Aminata" but not "Thanks for the guidance on Fatima's case".
    return rest[0] in ",-–،" and len(rest.strip(",-–، ").split()) <= MAX_NAME_AFTER_SIGN_OFF


def signature_start(text: str) -> int | None:
    """Where the signature block begins (its sign-off line), or None when the message has none: the first
    sign-off followed only by a few short lines before the end or the quoted history."""
    lines = _lines(text)
    for index, (offset, line) in enumerate(lines):
        if not _is_sign_off(line):
            continue
        following = []
        for _offset, after in lines[index + 1:]:
            if QUOTE_START.match(after):
                break
            if after.strip():
                following.append(after)
        if len(following) <= MAX_SIGNATURE_LINES and all(len(after) <= MAX_SIGNATURE_LINE for after in following):
            return offset
    return None


def _preceded_by(text: str, start: int, phrases: tuple[str, ...], *, whole_prefix: bool) -> bool:
    """Whether the words before `start` on its line are one of `phrases` (all of them, with `whole_prefix`,
    as for a greeting), or end with one."""
    line_start = text.rfind("\n", 0, start) + 1
    before = _folded(text[line_start:start]).rstrip(" ,:،")
    if whole_prefix:
        return before in phrases
    return any(before == phrase or before.endswith(f" {phrase}") or before.endswith(f",{phrase}")
               for phrase in phrases)


def _keys(name: str) -> set[str]:
    return {token.key for token in tokens(name)}


def set_aside(text: str, findings: list, sender_names: Iterable[str]) -> list:
    """`findings` (detector.Finding) without what is the sender's own: see the module's docstring.
    `sender_names` are the names the sender goes by (addresses among them are ignored)."""
    signature = signature_start(text)
    own = {key for name in sender_names if name and "@" not in name for key in _keys(name)}
    kept, addressed = [], set()
    for index, finding in enumerate(findings):
        if finding.kind != PERSON_NAME:
            continue
        in_signature = signature is not None and finding.start >= signature
        if in_signature or _preceded_by(text, finding.start, INTRODUCTIONS, whole_prefix=False):
            own |= _keys(finding.text)
        elif _preceded_by(text, finding.start, SALUTATIONS, whole_prefix=True):
            addressed.add(index)
    for index, finding in enumerate(findings):
        if index in addressed:
            continue
        if signature is not None and finding.start >= signature and finding.kind in SIGNATURE_KINDS:
            continue
        if finding.kind == PERSON_NAME and own and _keys(finding.text) <= own:
            continue
        kept.append(finding)
    return kept
