"""Rows of a table pasted as text, read by their header: "Nombre | Edad | Pasaporte", "ID,Name,Age,Sex,Location",
"fecha;nombre;edad;tel". A register copied from a spreadsheet gives a child's name and age in cells of their own,
with nothing around them that says what they are but the header's labels."""

import re

from cphelpdesk.detection.kinds import CHILD_NAME_AGE, NATIONAL_ID, PASSPORT, PERSON_NAME, PHONE
from cphelpdesk.detection.people import ACRONYMS, PARTICLES, STOP_WORDS
from cphelpdesk.detection.text import is_arabic, name_key, split_words

# Separators of a pasted table's cells, most specific first: a tab or a pipe is a table's, a semicolon or a comma
# only with a header that says so.
SEPARATORS = ("\t", "|", ";", ",")
MAX_COLUMNS = 20
# A header's labels (compared folded: lower case, no accents), by what their column holds. A person's name, a
# child's first; the one whose age the row gives is the first name column.
_NAME, _CARER, _AGE, _BIRTH = "name", "carer", "age", "birth"
_PASSPORT, _NATIONAL_ID, _PHONE = "passport", "id", "phone"
_LABELS = [
    (_NAME, r"(?:full\s+|first\s+|last\s+|sur|given\s+|family\s+|child(?:'s)?\s+)?names?|child|minor|beneficiary|"
            r"(?:pre)?noms?(?:\s+(?:complet|de\s+famille|et\s+pr[ée]noms?|de\s+l'enfant))?|enfant|b[ée]n[ée]ficiaire|"
            r"nombres?(?:\s+(?:completo|y\s+apellidos?|del\s+niñ[oa]|del\s+menor))?|apellidos?|niñ[oa]|menor|"
            r"beneficiari[oa]|nomes?(?:\s+(?:completo|da\s+crian[çc]a))?|sobrenome|crian[çc]a|benefici[áa]ri[oa]|"
            r"(?:ال)?اسم(?:\s+(?:ال)?(?:طفل[ةه]?|كامل|ثلاثي))?|(?:ال)?طفل[ةه]?"),
    (_CARER, r"caregiver|carer|guardian|parent|mother|father|head\s+of\s+household|tut(?:eur|rice)|responsable|"
             r"m[èe]re|p[èe]re|chef\s+de\s+m[ée]nage|cuidador[a]?|tutor[a]?|madre|padre|jef[ea]\s+de\s+hogar|"
             r"respons[áa]vel|m[ãa]e|pai|(?:ال)?(?:ولي\s+(?:ال)?[أا]مر|(?:ال)?[أا]م|(?:ال)?[أا]ب|معيل)"),
    (_AGE, r"ages?|[âa]ge|edad|idade|(?:ال)?عمر|(?:ال)?سن|age\s*\(\s*(?:years?|yrs?|ans|años|anos)\s*\)"),
    (_BIRTH, r"d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|year\s+of\s+birth|date\s+de\s+naissance|ddn|"
             r"ann[ée]e\s+de\s+naissance|fecha\s+de\s+nacimiento|f\.?\s?nac\.?|data\s+de\s+nascimento|"
             r"(?:ال)?تاريخ\s+(?:ال)?ميلاد|(?:ال)?مواليد"),
    (_PASSPORT, r"passports?(?:\s+(?:no\.?|n[°º]|number|#))?|passeport|pasaporte|passaporte|"
                r"(?:رقم\s+)?جواز(?:\s+(?:ال)?سفر)?"),
    (_NATIONAL_ID, r"national\s+id|nid|nin|cni|c[ée]dula|dni|cpf|bi|rg|tazkira|id\s+card|(?:ال)?رقم\s+(?:ال)?وطني|"
                   r"(?:ال)?هوي[ةه]|carte\s+d'identit[ée]|documento\s+de\s+identidad"),
    (_PHONE, r"phone|tel\.?|t[ée]l[ée]phone|telephone|mobile|cell|contact|tel[ée]fono|celular|m[óo]vil|telefone|"
             r"contacto|contato|whatsapp|(?:ال)?(?:هاتف|جوال|موبايل)|(?:رقم\s+(?:ال)?(?:هاتف|جوال))"),
]
_LABEL = [(column, re.compile(pattern)) for column, pattern in _LABELS]
# A label may carry a number sign or a colon: "Passport No.", "Tel:", "N° CNI".
_LABEL_MARKS = re.compile(r"^(?:n[°º]\s*|no\.?\s+|#\s*)|\s*(?:n[°º]|no\.?|#|:|\*)\s*$")

# What a cell holds: a name of one to five words of letters (initials and particles in any case), an age, a date
# or a year of birth, a number.
_NAME_CELL = re.compile(r"[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,4}")
_AGE_CELL = re.compile(r"(?:1[01]\d|\d{1,2})(?:[.,]5)?(?:\s*(?:years?|yrs?|y|ans|a[ñn]os|anos|months?|mois|meses|"
                       r"سن[ةه]|سنوات|عام|[mMyYaA]))?")
_BIRTH_CELL = re.compile(r"(?:\d{1,2}[./-]){0,2}(?:19|20)\d{2}|(?:19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2}")
_NUMBER_CELL = re.compile(r"[A-Z0-9][A-Z0-9 ./-]{3,22}[A-Z0-9]", re.IGNORECASE)
_PHONE_CELL = re.compile(r"\+?[\d ().-]{7,22}\d")
# Cells that say nothing: "N/A", "-", "unknown", "inconnu", "غير معروف".
_EMPTY = frozenset({"", "-", "--", "n/a", "na", "nd", "none", "unknown", "inconnu", "inconnue", "desconocido",
                    "desconocida", "desconhecido", "desconhecida", "?", "x", "غير معروف"})
_NOT_A_NAME = frozenset(name_key(word) for word in (
    "total", "subtotal", "male", "female", "boy", "girl", "yes", "no", "oui", "non", "si", "sim", "nao", "m", "f"))
# A statistic's, a group's or a service's row, not a person's: "Average | 12", "Grand total | 40", "Unaccompanied |
# 12", "Referral Desk | +254 …". Any word of the cell counts.
_NOT_A_PERSONS = frozenset(name_key(word) for word in split_words("""
    total subtotal sum average mean median mode min max minimum maximum range count overall all others other
    moyenne mediane somme ensemble autres promedio media mediana suma otros soma outros
    unaccompanied separated orphaned orphans disabled missing reunified referred pregnant
    non-accompagnes separes orphelins handicapes disparus reunifies
    no-acompanados separados huerfanos discapacitados desaparecidos reunificados
    desacompanhados separados orfaos deficientes desaparecidos reunificados
    desk hotline helpline reception switchboard secretariat headquarters emergency police ambulance toll-free
    accueil standard urgence urgences permanence recepcion linea emergencia recepcao linha emergencia
"""))
# Words of a name that are also stop words: "José de la Cruz", "Awa Ba et …" stays a name; "Save the Children" not.
_NAME_LINKS = PARTICLES | {"la", "las", "los", "du", "des", "y", "e"}


def _a_name(value: str) -> bool:
    """True when a name column's cell reads as a person's name: words of letters, capitalised (Arabic has no capitals)
    but for particles, none an organisation's word nor a lone acronym ("TBD", "WFP")."""
    if not _NAME_CELL.fullmatch(value) or name_key(value) in _NOT_A_NAME:
        return False
    words = value.split()
    if len(words) == 1 and len(value) <= 4 and value.isupper():
        return False
    for word in words:
        key = name_key(word)
        if key in _NAME_LINKS:
            continue
        if word in ACRONYMS or key in STOP_WORDS or key in _NOT_A_PERSONS \
                or not (word[:1].isupper() or is_arabic(word)):
            return False
    return True


def _cells(line: str, separator: str, offset: int) -> list[tuple[int, int]]:
    """The (start, end) of each cell of `line` (which starts at `offset` in the text), spaces and quotes trimmed;
    a comma inside double quotes belongs to its cell, as spreadsheets export them."""
    spans, start, quoted = [], 0, False
    for position, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            spans.append((start, position))
            start = position + 1
    spans.append((start, len(line)))
    if separator == "|":  # "| a | b |": the pipes at either end open and close the row
        if spans and not line[spans[0][0]:spans[0][1]].strip():
            spans = spans[1:]
        if spans and not line[spans[-1][0]:spans[-1][1]].strip():
            spans = spans[:-1]
    trimmed = []
    for start, end in spans:
        while start < end and line[start] in ' \t"':
            start += 1
        while end > start and line[end - 1] in ' \t"\r':
            end -= 1
        trimmed.append((offset + start, offset + end))
    return trimmed


def _column(label: str) -> str | None:
    key = _LABEL_MARKS.sub("", name_key(label.strip()).strip())
    for column, pattern in _LABEL:
        if pattern.fullmatch(key):
            return column
    return None


def _header(text: str, line: tuple[int, int]) -> tuple[str, list[str | None]] | None:
    """The separator and the columns of a header line: two labels at least, one of them a name's or a document's,
    and every cell a short label (no sentence is a header)."""
    start, end = line
    for separator in SEPARATORS:
        if separator not in text[start:end]:
            continue
        cells = _cells(text[start:end], separator, start)
        if not 2 <= len(cells) <= MAX_COLUMNS or any(b - a > 30 for a, b in cells):
            continue
        columns = [_column(text[a:b]) for a, b in cells]
        known = [column for column in columns if column]
        if len(known) >= 2 and {_NAME, _CARER, _PASSPORT, _NATIONAL_ID} & set(known):
            return separator, columns
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def find_in_tables(text: str) -> list[tuple[str, int, int, float]]:
    """Names with their ages, names, passport, ID and phone numbers in the rows under a table's header."""
    if "\n" not in text:
        return []
    lines = _lines(text)
    found: list[tuple[str, int, int, float]] = []
    index = 0
    while index < len(lines) - 1:
        header = _header(text, lines[index])
        index += 1
        if header is None:
            continue
        separator, columns = header
        while index < len(lines):
            start, end = lines[index]
            cells = _cells(text[start:end], separator, start)
            if len(cells) != len(columns):
                break
            found += _row(text, cells, columns)
            index += 1
    return found


def _row(text: str, cells: list[tuple[int, int]], columns: list[str | None]) -> list[tuple[str, int, int, float]]:
    """What one row's cells hold, by their columns."""
    found = []
    phones = []
    name = age = None
    named = None  # whether the row's name cells read as a person's: None when it has none, or they are empty
    for position, ((start, end), column) in enumerate(zip(cells, columns, strict=True)):
        value = text[start:end]
        if column is None or name_key(value) in _EMPTY:
            continue
        if column in (_NAME, _CARER):
            named = bool(named) or _a_name(value)
            if _a_name(value):
                if column == _NAME and name is None:
                    name = position
                else:
                    found.append((PERSON_NAME, start, end, 0.8))
        elif column in (_AGE, _BIRTH):
            if age is None and (_AGE_CELL if column == _AGE else _BIRTH_CELL).fullmatch(value):
                age = position
        elif column == _PHONE:
            if _PHONE_CELL.fullmatch(value) and 7 <= sum(char.isdigit() for char in value) <= 15:
                phones.append((PHONE, start, end, 0.8))
        elif _NUMBER_CELL.fullmatch(value) and sum(char.isdigit() for char in value) >= 5:
            found.append((PASSPORT if column == _PASSPORT else NATIONAL_ID, start, end, 0.85))
    if named is not False:
        # A phone is someone's only in a person's row: "Nairobi Office | +254 …" is a service's line.
        found += phones
    if name is not None:
        if age is None:
            found.append((PERSON_NAME, *cells[name], 0.8))
        elif abs(age - name) <= 2:
            # The name to its age, with the cells between (a sex, a second name): one finding, as a register reads.
            first, last = min(name, age), max(name, age)
            found.append((CHILD_NAME_AGE, cells[first][0], cells[last][1], 0.85))
        else:
            found.append((CHILD_NAME_AGE, *cells[name], 0.85))
    return found
