"""Precise household locations: a shelter, tent or house number (with its camp and block), a street address."""

import re
from functools import cache

from cphelpdesk.detection.kinds import LOCATION

_NO = r"(?i:n\s?[°º]\.?|n\.\s?[°º]|no\.?|nr\.?|num(?:ber|[ée]ro|ero)?\.?|n[úu]mero|#|رقم)?\s*:?\s*"
_HOUSEHOLD_ID = r"[A-Z]{0,2}-?\d{1,5}[A-Z]?(?:\s?[-/]\s?[A-Z]?\d{1,5}[A-Z]?)?(?!\w|[.,]\d)"
_AREA_ID = r"(?:\d{1,4}[A-Z]?(?:[-/]\d{1,4})?|[A-Z]{1,2}(?:[-/]?\d{1,4})?)(?!\w)"
_UPPER = "A-ZÀ-ÝĀ-Ž"
_PLACE_NAME = (rf"(?:[{_UPPER}][\w'’-]+(?:\s+(?:(?:de|da|das|do|dos|del|la|las|los|le|du|des)\s+)?"
               rf"[{_UPPER}][\w'’-]+){{0,2}})")
_STREET_NAME = (rf"(?:(?:(?:d[aoe]s?|del|de la|la|le|du|des|l['’]|d['’])\s*){{0,2}}[{_UPPER}0-9][\w'’-]*"
                rf"(?:\s+(?:(?:d[aoe]s?|del|la)\s+)?[{_UPPER}0-9][\w'’-]*){{0,3}})")
_ARABIC_NAME = r"(?:[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+)?)"

# Units that hold one household: a number after them places a family. Singular only: "households 1 200" counts.
HOUSEHOLD_UNITS = {
    "en": r"shelter|tent|house|household|hut|plot|apartment|flat|door|caravan|H/?H",
    "fr": r"abri|tente|maison|parcelle|logement|appartement|porte|m[ée]nage|concession",
    "es": r"casa|carpa|vivienda|refugio|apartamento|apto\.?|rancho",
    "pt": r"casa|barraca|tenda|abrigo|moradia|apartamento|talhão",
    "ar": r"(?:ال)?(?:خيم[ةه]|منزل|بيت|مأوى|ماوى|ملجأ|كرفان|كرافان|كارافان|شق[ةه]|بناي[ةه]|مبنى|عمار[ةه])",
}
# Areas around a household: included when next to a household unit or street address, never on their own.
AREA_UNITS = {
    "en": r"camp|block|sub-block|sector|zone|section|district|village|compound|ward|street|road|lane",
    "fr": r"camp|site|bloc|secteur|zone|quartier|cellule|village|rue|avenue|av\.|cit[ée]|localit[ée]",
    "es": r"campamento|bloque|sector|zona|barrio|colonia|vereda|manzana|mz\.?|calle|carrera|avenida|asentamiento",
    "pt": r"campo|bloco|sector|setor|zona|bairro|quarteirão|rua|avenida|aldeia|"
          r"centro\s+de\s+(?:acomodação|reassentamento)",
    "ar": r"(?:ال)?(?:مخيم|قطاع|بلوك|كتل[ةه]|حي|شارع|مربع|منطق[ةه]|حار[ةه]|جاد[ةه]|زقاق|مجمع)",
}
# Street addresses, flagged on their own: a number and a street. Unit words in any case, names capitalised.
STREETS = {
    "en": [rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[{_UPPER}][\w'’-]+\s+){{1,3}}(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|"
           rf"Close|Drive|Way|Crescent|Boulevard)\b"],
    "fr": [rf"\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|impasse|all[ée]e|route|chemin)\s+"
           rf"{_STREET_NAME}",
           rf"\b(?i:rue|avenue|av\.|boulevard|bd)\s+{_STREET_NAME},?\s+(?i:n\s?[°º]\.?|no\.?)\s*\d{{1,5}}(?!\w)"],
    "es": [r"\b(?i:calle|carrera|cra\.?|cr\.?|cl\.?|avenida|av\.|diagonal|transversal)\s+\d{1,3}\s?[A-Z]?(?:\s?bis)?\s*"
           r"(?:#|(?i:n\s?[°º.]+|no\.?|n[úu]m\.?|n[úu]mero))\s*\d{1,3}\s?[A-Z]?\s*[-–]\s*\d{1,3}",
           rf"\b(?i:calle|avenida|av\.|pasaje|jir[óo]n)\s+{_STREET_NAME},?\s*(?:#|(?i:n\s?[°º.]+|no\.?|n[úu]m\.?|"
           rf"n[úu]mero))\s*\d{{1,5}}(?!\w)",
           r"\b(?i:manzana|mz\.?)\s*[A-Z0-9]{1,4}\s*,?\s*(?i:lote|lt\.?)\s*\d{1,4}(?!\w)"],
    "pt": [rf"\b(?i:rua|avenida|av\.|travessa|estrada|pra[çc]a)\s+{_STREET_NAME},?\s*(?i:n\s?[.°º]+\s*|no\.?\s*)?"
           rf"\d{{1,5}}(?!\w)"],
    "ar": [r"(?<!\w)(?:ال)?شارع\s+[^\n،,]{2,30}?\s*[،,]?\s*(?:بناي[ةه]|مبنى|عمار[ةه]|منزل|بيت)\s*(?:رقم\s*)?\d{1,5}"],
}
_JOIN = re.compile(r"\s*[,،;\-–]?\s*")


@cache
def _patterns(languages: tuple[str, ...]):
    households = "|".join(HOUSEHOLD_UNITS[language] for language in languages)
    areas = "|".join(AREA_UNITS[language] for language in languages)
    household = re.compile(rf"(?<!\w)(?i:{households})\s*{_NO}{_HOUSEHOLD_ID}")
    area = re.compile(rf"(?<!\w)(?:(?i:{areas})\s*{_NO}(?:{_AREA_ID}|{_PLACE_NAME}|{_ARABIC_NAME})|"
                      rf"{_PLACE_NAME}\s+(?:(?i:camp|site|campamento|campo)\b|(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane)))")
    streets = re.compile("|".join(f"(?:{pattern})" for language in languages for pattern in STREETS[language]))
    return household, area, streets


def find_locations(text: str, languages: tuple[str, ...]) -> list[tuple[str, int, int, float]]:
    """Household locations, grown over the camp, block and street around them ("Camp 4, Block C, shelter 12")."""
    household, area, streets = _patterns(languages)
    addresses = [match.span() for match in streets.finditer(text)]
    areas = [match.span() for match in area.finditer(text)] + addresses
    found = []
    for match_start, match_end in [match.span() for match in household.finditer(text)] + addresses:
        start, end = match_start, match_end
        grown = True
        while grown:
            grown = False
            for area_start, area_end in areas:
                if area_end <= start and _JOIN.fullmatch(text[area_end:start]) and "\n" not in text[area_end:start]:
                    start, grown = area_start, True
                elif area_start >= end and _JOIN.fullmatch(text[end:area_start]) and "\n" not in text[end:area_start]:
                    end, grown = area_end, True
        found.append((LOCATION, start, end, 0.85))
    return found
