"""Precise household locations: a shelter, tent or house number (with its camp and block), a street address."""

import re
from functools import cache

from cphelpdesk.detection.kinds import LOCATION

_NO = r"(?i:n\s?[°º]\.?|n\.\s?[°º]|no\.?|nr\.?|num(?:ber|[ée]ro|ero)?\.?|n[úu]mero|#|رقم)?\s*:?\s*"
_HOUSEHOLD_ID = r"[A-Z]{0,2}-?\d{1,5}[A-Z]?(?:\s?[-/]\s?[A-Z]?\d{1,5}[A-Z]?)?(?!\w|[.,]\d)"
_AREA_ID = r"(?:\d{1,4}[A-Z]?(?:[-/]\d{1,4})?|[A-Z]{1,2}(?:[-/]?\d{1,4})?)(?!\w)"
_UPPER = "A-ZÀ-ÝĀ-Ž"
# The rest of a capitalised word, bounded: an unbounded run made every capital of a 50,000-character token
# ("CP-SOM-BAI-2022-CP-…") scan to its end, quadratic time.
_REST = r"[\w'’-]{1,40}"
_PLACE_NAME = (rf"(?:[{_UPPER}]{_REST}(?:\s+(?:(?:de|da|das|do|dos|del|la|las|los|le|du|des)\s+)?"
               rf"[{_UPPER}]{_REST}){{0,2}})")
_STREET_NAME = (rf"(?:(?:(?:d[aoe]s?|del|de la|la|le|du|des|l['’]|d['’])\s*){{0,2}}[{_UPPER}0-9][\w'’-]{{0,40}}"
                rf"(?:\s+(?:(?:d[aoe]s?|del|la)\s+)?[{_UPPER}0-9][\w'’-]{{0,40}}){{0,3}})")
_ARABIC_NAME = r"(?:[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+)?)"

# Units that hold one household: a number after them places a family. Singular only: "households 1 200" counts.
HOUSEHOLD_UNITS = {
    "en": r"shelter|shed|tent|house|household|hut|plot|apartment|flat|door|caravan|H/?H",
    "fr": r"abri|tente|maison|parcelle|logement|appartement|porte|m[ée]nage|concession",
    "es": r"casa|carpa|vivienda|refugio|apartamento|apto\.?|rancho",
    "pt": r"casa|barraca|tenda|abrigo|moradia|apartamento|talhão",
    "ar": r"(?:ال)?(?:خيم[ةه]|منزل|بيت|مأوى|ماوى|ملجأ|كرفان|كرافان|كارافان|شق[ةه]|بناي[ةه]|مبنى|عمار[ةه])",
}
# Areas around a household: included when next to a household unit or street address, never on their own.
AREA_UNITS = {
    "en": r"camp|block|sub-block|sector|zone|section|district|village|compound|ward|street|road|lane|row",
    "fr": r"camp|site|bloc|secteur|zone|quartier|cellule|village|rue|avenue|av\.|cit[ée]|localit[ée]|rang[ée]e",
    "es": r"campamento|bloque|sector|zona|barrio|colonia|vereda|manzana|mz\.?|calle|carrera|avenida|asentamiento|"
          r"fila|urb\.|urbanizaci[óo]n",
    "pt": r"campo|bloco|sector|setor|zona|bairro|quarteirão|rua|avenida|aldeia|fila|fileira|"
          r"centro\s+de\s+(?:acomodação|reassentamento)",
    "ar": r"(?:ال)?(?:مخيم|قطاع|بلوك|كتل[ةه]|حي|شارع|مربع|منطق[ةه]|حار[ةه]|جاد[ةه]|زقاق|مجمع|صف|قري[ةه])",
}

# Where there are no numbers, a family is placed by what its shelter looks like and what it stands next to: "the
# tent with the blue tarpaulin behind the water kiosk", "la tente à bâche bleue derrière le forage", "الخيمة ذات
# الشادر الأزرق بجانب المسجد". A dwelling word, then a description (colour of a door or sheeting, what it is made
# of) and/or a landmark after a word of place; at least one of the two. Landmarks alone ("the water point next to
# the mosque") place nobody.
DWELLINGS = {
    "en": r"shelter|shed|tent|house|hut|caravan",
    "fr": r"abri|tente|maison|case|cabane|caravane|logement",
    "es": r"casa|carpa|ranchito|rancho|caseta|vivienda|refugio|cuarto|pieza|caravana",
    "pt": r"casa|barraca|tenda|abrigo|palhota|quarto|moradia|caravana",
    "ar": r"(?:ال)?(?:خيم[ةه]|كرفان|كرافان|كارافان|منزل|بيت|مأوى|ماوى|غرف[ةه]|عش[ةه])",
}
# "the third shelter after the mosque": counted from a landmark, where "after" is a place, not a time.
_ORDINALS = {
    "en": r"first|second|third|fourth|fifth|sixth|last",
    "fr": r"premi[èe]re?|deuxi[èe]me|troisi[èe]me|quatri[èe]me|derni[èe]re?",
    "es": r"primera?|segunda?|tercera?|cuarta?|[úu]ltima?", "pt": r"primeira?|segunda?|terceira?|quarta?|[úu]ltima?",
    "ar": r"(?:ال)?(?:أول[ىا]?|ثاني[ةه]?|ثالث[ةه]?|رابع[ةه]?|أخير[ةه]?)",
}
_COUNTED_FROM = {
    "en": r"after|before|past|from", "fr": r"apr[èe]s|avant|depuis", "es": r"despu[ée]s\s+de|antes\s+de|desde",
    "pt": r"depois\s+d[eoa]|antes\s+d[eoa]|a\s+partir\s+d[eoa]", "ar": r"بعد|قبل|من",
}
COLOURS = {
    "en": r"blue|green|red|yellow|white|orange|grey|gray|brown|black|pink|purple",
    "fr": r"bleue?s?|verte?s?|rouges?|jaunes?|blanc(?:he)?s?|orange|grise?s?|marron|noire?s?|roses?",
    "es": r"azul(?:es)?|verdes?|roj[oa]s?|amarill[oa]s?|blanc[oa]s?|naranjas?|gris(?:es)?|negr[oa]s?|rosadas?|"
          r"morad[oa]s?",
    "pt": r"azu(?:l|is)|verdes?|vermelh[oa]s?|amarel[oa]s?|branc[oa]s?|laranjas?|cinzent[oa]s?|pret[oa]s?|cor-de-rosa",
    "ar": r"(?:ال)?(?:أزرق|ازرق|زرقاء|أخضر|اخضر|خضراء|أحمر|احمر|حمراء|أصفر|اصفر|صفراء|أبيض|ابيض|بيضاء|"
          r"برتقالي[ةه]?|رمادي[ةه]?)",
}
FEATURES = {
    "en": r"door|gate|tarpaulin|tarp|plastic\s+sheeting|sheeting|roof|curtain|fence|flag|walls?",
    "fr": r"porte|portail|b[âa]che|toit|rideau|cl[ôo]ture|drapeau|murs?|t[ôo]le",
    "es": r"puerta|port[óo]n|lona|techo|cortina|rejas?|cerca|bandera|paredes|plástico|tablas|lata|zinc",
    "pt": r"porta|port[ãa]o|lona|telhado|cortina|vedação|cerca|bandeira|paredes|chapa|zinco|caniço",
    "ar": r"(?:ال)?(?:باب|بوابة|شادر|شوادر|سقف|ستار[ةه]|سياج|جدران|شرشف|نايلون|صفيح|زنك)",
}
LANDMARKS = {
    "en": r"mosque|church|well|borehole|(?:water\s+)?(?:kiosk|tap|tank|point|pump)|tap\s?stand|latrines?|market|"
          r"clinic|health\s+(?:post|centre|center)|school|learning\s+cent(?:re|er)|shop|pitch|football\s+field|"
          r"distribution\s+point|madrasa|church|tree",
    "fr": r"mosqu[ée]e|[ée]glise|puits|forage|borne[- ]fontaine|kiosque|robinet|latrines?|march[ée]|"
          r"centre\s+de\s+sant[ée]|[ée]cole|boutique|terrain|point\s+d['’]eau|arbre|pompe",
    "es": r"mezquita|iglesia|pozo|tanque|pila|letrinas?|mercado|puesto\s+de\s+salud|escuela|colegio|tienda|cancha|"
          r"parque|poste|[áa]rbol|bomba",
    "pt": r"mesquita|igreja|po[çc]o|furo|fontan[áa]rio|tanque|latrinas?|mercado|posto\s+de\s+sa[úu]de|escola|loja|"
          r"cantina|campo\s+de\s+futebol|[áa]rvore|bomba",
    "ar": r"(?:ال)?(?:مسجد|جامع|كنيس[ةه]|بئر|خزان|كشك|حنفي[ةه]|مدرس[ةه]|سوق|عياد[ةه]|مستوصف|دكان|ملعب|شجر[ةه]|مضخ[ةه])",
}
RELATIONS = {
    "en": r"behind|next\s+to|near|beside|opposite|facing|across\s+from|in\s+front\s+of|close\s+to",
    "fr": r"derri[èe]re|[àa]\s+c[ôo]t[ée]\s+d[eu]|pr[èe]s\s+d[eu]|en\s+face\s+d[eu]|devant",
    "es": r"detr[áa]s\s+de|junto\s+a|al\s+lado\s+de|cerca\s+de|frente\s+a|enfrente\s+de",
    "pt": r"atr[áa]s\s+d[eoa]|ao\s+lado\s+d[eoa]|perto\s+d[eoa]|em\s+frente\s+[aà]o?|junto\s+[aà]o?",
    "ar": r"خلف|وراء|بجانب|بجوار|جنب|قرب|بالقرب\s+من|مقابل|أمام|امام|عند",
}
# Articles and linking words between the parts ("with the", "à la", "de", "ذات", "com a").
_LINK = (r"(?:\s+(?:with|of|in|made\s+of|à|au|aux|en|de|du|des|con|com|em|d[eoa]s?|ذات|ذي|ذو|من|the|a|an|la|le|les|"
         r"l['’]|el|los|las|o|os|as|al|ao|à)(?=[\s'’]))*")


def _landmark_patterns(languages: tuple[str, ...]) -> tuple[str, str]:
    """A dwelling placed by its looks or a landmark, and a landmark phrase alone (which only extends a location)."""
    def pick(table):
        return "|".join(table[language] for language in languages)

    describe = rf"(?:{pick(COLOURS)})\s+(?:{pick(FEATURES)})|(?:{pick(FEATURES)})(?:{_LINK}\s*(?:{pick(COLOURS)}))?"
    place = rf"{_LINK}\s*(?:[^\W\d_]{{1,12}}\s+){{0,2}}?(?:{pick(LANDMARKS)})(?!\w)"
    landmark = rf"(?:{pick(RELATIONS)}){place}"
    dwelling = rf"(?:{pick(DWELLINGS)})(?!\w)"
    counted = rf"(?:{pick(_ORDINALS)})\s+{dwelling}\s+(?:{pick(_COUNTED_FROM)}){place}"
    placed = (rf"(?<!\w)(?i:{counted}|{dwelling}(?:{_LINK}\s*(?:{describe})(?!\w)(?:,?\s*{landmark})?|"
              rf",?\s+{landmark}))")
    return placed, rf"(?<!\w)(?i:{landmark})"
# Street addresses, flagged on their own: a number and a street. Unit words in any case, names capitalised.
STREETS = {
    "en": [rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[{_UPPER}]{_REST}\s+){{1,3}}(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|"
           rf"Close|Drive|Way|Crescent|Boulevard)\b"],
    "fr": [rf"\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|impasse|all[ée]e|route|chemin)\s+"
           rf"{_STREET_NAME}",
           rf"\b(?i:rue|avenue|av\.|boulevard|bd)\s+{_STREET_NAME},?\s+(?i:n\s?[°º]\.?|no\.?)\s*\d{{1,5}}(?!\w)"],
    # Colombian grid: the street, its number (letter, "bis", quadrant), "#", the crossing street and the door
    # ("Carrera 7 # 45-23", "Cl 72 # 10-34 Sur", "Kr 15 Bis # 8-40"); abbreviations as the post office writes them.
    "es": [r"\b(?i:calle|carrera|cra\.?|kra\.?|kr\.?|cr\.?|cll?\.?|ak\.?|ac\.?|avenida|av\.|diagonal|dg\.?|"
           r"transversal|tv\.?)\s+\d{1,3}\s?[A-Z]?(?:\s?(?i:bis))?(?:\s(?i:sur|norte|este|oeste))?\s*"
           r"(?:#|(?i:n\s?[°º.]+|no\.?|n[úu]m\.?|n[úu]mero))\s*\d{1,3}\s?[A-Z]?\s*[-–]\s*\d{1,3}"
           r"(?:\s(?i:sur|norte|este|oeste)\b)?",
           rf"\b(?i:calle|avenida|av\.|pasaje|psje\.|jir[óo]n|jr\.)\s+{_STREET_NAME},?\s*(?:#|(?i:n\s?[°º.]+|no\.?|"
           rf"n[úu]m\.?|n[úu]mero))\s*\d{{1,5}}(?!\w)",
           # Peru's jirón and Mexican streets: the name, then the door number without "#" ("Jr. Ayacucho 345").
           rf"\b(?i:calle|avenida|av\.|pasaje|psje\.|jir[óo]n|jr\.)\s+[{_UPPER}]{_REST}"
           rf"(?:\s+(?:(?:de|del|la|los|las)\s+)?[{_UPPER}]{_REST}){{0,2}}\s+(?!(?:19|20)\d\d\b)\d{{1,5}}(?!\w|[.,]\d)",
           r"\b(?i:manzana|mz\.?)\s*[A-Z0-9]{1,4}\s*,?\s*(?i:lote|lt\.?)\s*\d{1,4}(?!\w)"],
    "pt": [rf"\b(?i:rua|avenida|av\.|travessa|estrada|pra[çc]a)\s+{_STREET_NAME},?\s*(?i:n\s?[.°º]+\s*|no\.?\s*)?"
           rf"\d{{1,5}}(?!\w)"],
    "ar": [r"(?<!\w)(?:ال)?شارع\s+[^\n،,]{2,30}?\s*[،,]?\s*(?:بناي[ةه]|مبنى|عمار[ةه]|منزل|بيت)\s*(?:رقم\s*)?\d{1,5}"],
}
# Between the parts of one address: a separator, and perhaps a word that links places ("Block H4, the tent …",
# "… بجانب المسجد في القطاع 7").
_JOIN = re.compile(r"\s*[,،;\-–]?\s*(?:(?:the|in|of|at|dans|du|de|del|en|la|le|el|do|da|no|na|em|في)\s+)?")
_MAX_JOIN = 12


@cache
def _patterns(languages: tuple[str, ...]):
    households = "|".join(HOUSEHOLD_UNITS[language] for language in languages)
    areas = "|".join(AREA_UNITS[language] for language in languages)
    household = re.compile(rf"(?<!\w)(?i:{households})\s*{_NO}{_HOUSEHOLD_ID}")
    area = re.compile(rf"(?<!\w)(?:(?i:{areas})\s*{_NO}(?:{_AREA_ID}|{_PLACE_NAME}|{_ARABIC_NAME})|"
                      rf"{_PLACE_NAME}\s+(?:(?i:camp|site|campamento|campo)\b|(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane)))")
    streets = re.compile("|".join(f"(?:{pattern})" for language in languages for pattern in STREETS[language]))
    placed, landmark = (re.compile(pattern) for pattern in _landmark_patterns(languages))
    return household, area, streets, placed, landmark


def find_locations(text: str, languages: tuple[str, ...]) -> list[tuple[str, int, int, float]]:
    """Household locations, grown over the camp, block and street around them ("Camp 4, Block C, shelter 12")."""
    household, area, streets, placed, landmark = _patterns(languages)
    seeds = [match.span() for pattern in (household, streets, placed) for match in pattern.finditer(text)]
    parts = sorted([(*span, True) for span in seeds]
                   + [(*match.span(), False) for pattern in (area, landmark) for match in pattern.finditer(text)])
    # One pass over the parts in order: a run of parts that touch or are joined by a separator is one address,
    # kept when it holds a household or street (areas and landmarks alone place nobody).
    found: list[tuple[str, int, int, float]] = []
    run_start = run_end = -1
    run_placed = False
    for start, end, is_seed in parts:
        gap = text[run_end:start] if start > run_end else ""
        if run_end >= 0 and (start <= run_end or (len(gap) <= _MAX_JOIN and "\n" not in gap and _JOIN.fullmatch(gap))):
            run_end, run_placed = max(run_end, end), run_placed or is_seed
            continue
        if run_placed:
            found.append((LOCATION, run_start, run_end, 0.85))
        run_start, run_end, run_placed = start, end, is_seed
    if run_placed:
        found.append((LOCATION, run_start, run_end, 0.85))
    return found
