"""Precise household locations: a shelter, tent or house number (with its camp and block), a street address."""

import re
from functools import cache

from cphelpdesk.detection.kinds import LOCATION

_NO = r"(?i:n\s?[°º]\.?|n\.\s?[°º]|no\.?|nr\.?|num(?:ber|[ée]ro|ero)?\.?|n[úu]mero|#|رقم)?\s*:?\s*"
# "casa s/n": a house without a number ("sin número", "sem número"), placed by what follows.
_HOUSEHOLD_ID = (r"(?:[A-Z]{0,2}-?\d{1,5}[A-Z]?(?:\s?[-/]\s?[A-Z]?\d{1,5}[A-Z]?)?(?!\w|[.,]\d)|(?-i:s/n|S/N)(?!\w)|"
                 r"(?i:s[ei][nm]\s+n[úu]mero))")
_AREA_ID = r"(?:\d{1,4}[A-Z]?(?:[-/]\d{1,4})?|[A-Z]{1,2}(?:[-/]?\d{1,4})?)(?!\w)"
_UPPER = "A-ZÀ-ÝĀ-Ž"
# The rest of a capitalised word, bounded: an unbounded run made every capital of a 50,000-character token
# ("CP-SOM-BAI-2022-CP-…") scan to its end, quadratic time.
_REST = r"[\w'’-]{1,40}"
_PLACE_NAME = (rf"(?:[{_UPPER}]{_REST}(?:\s+(?:(?:de|da|das|do|dos|del|la|las|los|le|du|des)\s+)?"
               rf"[{_UPPER}]{_REST}){{0,2}})")
_STREET_NAME = (rf"(?:(?:(?:d[aoe]s?|del|de la|la|le|du|des|l['’]|d['’])\s*){{0,2}}[{_UPPER}0-9][\w'’-]{{0,40}}"
                rf"(?:\s+(?:(?:d[aoe]s?|del|la)\s+)?[{_UPPER}0-9][\w'’-]{{0,40}}){{0,3}})")
# A second word only if it does not start the next part ("مخيم الزعتري القطاع 5": the sector is not the camp's name).
_NEXT_PART = r"(?:ال)?(?:قطاع|بلوك|شارع|مربع|حي|قري|منطق|حار|زقاق|مجمع|خيم|منزل|بيت|كرفان|كتل)"
_ARABIC_NAME = rf"(?:[\u0621-\u064a]+(?:\s+(?!{_NEXT_PART}[\u0621-\u064a]*)[\u0621-\u064a]+)?)"

# Units that hold one household: a number after them places a family. Singular only: "households 1 200" counts.
# A bed number places a person in a collective centre ("pavillon 2, lit 47").
HOUSEHOLD_UNITS = {
    "en": r"shelter|shltr\.?|sh\.|shed|tent|house|household|hut|tukul|plot|apartment|flat|door|caravan|H/?H|bed|"
          r"longhouse|barrack|container",  # Kachin and Thai-border camps' longhouses, collective centres' containers
    "fr": r"abri|tente|maison|parcelle|logement|appartement|porte|m[ée]nage|concession|lit",
    "es": r"casa|carpa|vivienda|refugio|apartamento|apto\.?|rancho|cama",
    "pt": r"casa|barraca|tenda|abrigo|moradia|apartamento|apto\.?|talhão|parcela|cama",
    "ar": r"(?:ال)?(?:خيم[ةه]|منزل|بيت|دار|مأوى|ماوى|ملجأ|كرفان[ةه]?|كرافان[ةه]?|كارافان[ةه]?|شق[ةه]|بناي[ةه]|مبنى|"
          r"عمار[ةه]|سرير)",
}
# Units that hold a household only where a camp, block or landmark is named next to them: "case" is a hut in
# French but also a box on a form ("cochez la case 4"), "sitio" a plot in Chile's tomas but also any site.
# A room likewise, in a collective centre or a rented building ("Sumska Street 12, room 305"), though alone it is
# as often a meeting room. A lot, in a block ("Block 9 Lot 21", as resettlement sites and informal settlements are
# laid out), is also a lot of goods.
WEAK_HOUSEHOLD_UNITS = {
    # A collective shelter's hangar and its compartments ("hangar 3, compartiment 14"), a classroom of a school
    # that shelters families.
    "en": r"room|lot|classroom", "fr": r"case|chambre|lot|hangar|compartiment|salle(?:\s+de\s+classe)?",
    "es": r"sitio|solar|habitaci[óo]n|cuarto|lote|aula",
    # Brazil's Operação Acolhida shelters are laid out in modules of family boxes ("módulo 5, box 12").
    "pt": r"lote|quarto|sala\s+de\s+aula|m[óo]dulo|box",
    "ar": r"(?:ال)?(?:غرف[ةه]|عنبر)",  # a collective or detention centre's ward ("العنبر 6")
}
# Areas around a household: included when next to a household unit or street address, never on their own.
AREA_UNITS = {
    "en": r"camp|block|blk\.?|sub-block|sector|zone|section|district|village|neighbou?rhood|compound|ward|street|"
          r"purok|barangay|brgy\.?|sitio|"  # the Philippines' barangays and their puroks and sitios
          r"road|lane|row|square|cluster|pavilion|building|"
          # A hotel or a school that shelters families, by its name ("Hotel Las Palmas, room 14").
          r"hotel|guesthouse|school",
    "fr": r"camp|site|bloc|secteur|zone|quartier|cellule|village|rue|avenue|av\.|cit[ée]|localit[ée]|rang[ée]e|"
          r"pavillon|b[âa]timent|immeuble|[îi]lot|carr[ée]|impasse|ruelle|h[ôo]tel|[ée]cole|lyc[ée]e|coll[èe]ge",
    "es": r"campamento|bloque|sector|zona|barrio|colonia|vereda|manzana|mz\.?|calle|carrera|avenida|asentamiento|"
          r"fila|urb\.|urbanizaci[óo]n|pasaje|psje\.|caser[íi]o|aldea|cant[óo]n|toma|edificio|pabell[óo]n|col\.|"
          r"andador|albergue|invasi[óo]n|m[óo]dulo|"  # a reception centre's modules ("módulo B, habitación 7")
          r"hotel|hostal|posada|pensi[óo]n|escuela|colegio|callej[óo]n",
    "pt": r"campo|bloco|sector|setor|zona|bairro|quarteirão|rua|avenida|aldeia|fila|fileira|quadra|travessa|abrigo|"
          r"pavilh[ãa]o|pr[ée]dio|edif[íi]cio|centro\s+de\s+(?:acomodação|reassentamento)|hotel|pens[ãa]o|escola|"
          r"beco",
    "ar": r"(?:ال)?(?:مخيم|معسكر|قطاع|بلوك|كتل[ةه]|حي|شارع|مربع|منطق[ةه]|حار[ةه]|جاد[ةه]|زقاق|مجمع|صف|قري[ةه])|"
          r"مركز\s+(?:ال)?[إا]يواء",  # a collective or detention centre ("مركز الإيواء بطريق …، العنبر 6")
}
# The smallest areas of a camp or a town, a few households each: numbered inside the area that holds them
# ("Block 7, square 3", "البلوك 7، المربع 3", "Block C-4, sub-block 2", "zone 2, îlot 5"), they place a family
# as a shelter number does. Blocks and streets do not ("Block 4, Street 12", "Block F of Camp 4"), nor a
# document's sections and rows.
SMALLEST_AREA_UNITS = {
    "en": r"sub-block|square", "fr": r"sous-bloc|[îi]lot|carr[ée]", "es": r"manzana|mz\.?|sub-bloque",
    "pt": r"quarteirão|quadra|sub-bloco", "ar": r"(?:ال)?(?:مربع)",
}

# Where there are no numbers, a family is placed by what its shelter looks like and what it stands next to: "the
# tent with the blue tarpaulin behind the water kiosk", "la tente à bâche bleue derrière le forage", "الخيمة ذات
# الشادر الأزرق بجانب المسجد". A dwelling word, then a description (colour of a door or sheeting, what it is made
# of) and/or a landmark after a word of place; at least one of the two. Landmarks alone ("the water point next to
# the mosque") place nobody.
DWELLINGS = {
    "en": r"shelter|shed|tent|house|hut|caravan|tukul|rakuba|shack|longhouse|(?:unfinished|abandoned)\s+building",
    "fr": r"abri|tente|maison|case|cabane|caravane|logement|baraque|cour|concession",  # West Africa's "cour"
    "es": r"casa|carpa|ranchito|rancho|caseta|vivienda|refugio|cuarto|pieza|caravana|cambuche|casucha",
    "pt": r"casa|barraca|tenda|abrigo|palhota|quarto|moradia|caravana",
    "ar": r"(?:ال)?(?:خيم[ةه]|كرفان[ةه]?|كرافان[ةه]?|كارافان[ةه]?|منزل|بيت|دار|مأوى|ماوى|غرف[ةه]|عش[ةه])",
}
# "the third shelter after the mosque", "3e maison à gauche": counted from a landmark, where "after" is a place,
# not a time, or along the way.
_ORDINALS = {
    "en": r"first|second|third|fourth|fifth|sixth|last|\d{1,2}(?:st|nd|rd|th)",
    "fr": r"premi[èe]re?|deuxi[èe]me|troisi[èe]me|quatri[èe]me|cinqui[èe]me|derni[èe]re?|\d{1,2}(?:e|[èe]me|er|re)",
    "es": r"primera?|segunda?|tercera?|cuarta?|quinta?|[úu]ltima?|\d{1,2}\.?[ºª°]",
    "pt": r"primeira?|segunda?|terceira?|quarta?|quinta?|[úu]ltima?|\d{1,2}\.?[ºª°]",
    "ar": r"(?:ال)?(?:أول[ىا]?|ثاني[ةه]?|ثالث[ةه]?|رابع[ةه]?|أخير[ةه]?)",
}
# Or on one side of it: "the third tent to the right of the water tank", "la 2e case à gauche du puits".
_COUNTED_FROM = {
    "en": r"after|before|past|from|to\s+the\s+(?:left|right)\s+of",
    "fr": r"apr[èe]s|avant|depuis|[àa]\s+(?:gauche|droite)\s+d[eu]",
    "es": r"despu[ée]s\s+de|antes\s+de|desde|a\s+la\s+(?:izquierda|derecha)\s+de",
    "pt": r"depois\s+d[eoa]|antes\s+d[eoa]|a\s+partir\s+d[eoa]|[àa]\s+(?:esquerda|direita)\s+d[eoa]",
    "ar": r"بعد|قبل|من",
}
_SIDES = {
    "en": r"on\s+the\s+(?:left|right)(?:\s+side)?", "fr": r"[àa]\s+(?:gauche|droite)",
    "es": r"a\s+(?:la\s+)?(?:izquierda|derecha)", "pt": r"[àa]\s+(?:esquerda|direita)",
    "ar": r"على\s+(?:ال)?(?:يمين|يسار)|(?:من\s+)?(?:ال)?(?:يمين|يسار)",
}
# Arabic counts after the dwelling: "البيت الثالث", "الخيمة الأخيرة".
_AR_COUNTED = (r"(?<!\w)(?:ال)?(?:بيت|منزل|دار|خيم[ةه]|كرفان[ةه]?)\s+(?:ال)?(?:[أا]ول[ىا]?|ثاني[ةه]?|ثالث[ةه]?|"
               r"رابع[ةه]?|خامس[ةه]?|[أا]خير[ةه]?)(?!\w)")
# A floor places a family inside a building named next to it ("2e étage de l'immeuble Al-Amal", "9.º andar"),
# written as an ordinal: "piso 3" is as often an office's.
FLOORS = {
    "en": r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|top|ground)\s+floor",
    "fr": r"(?:\d{1,2}(?:e|[èe]me|er|re)|premier|deuxi[èe]me|troisi[èe]me|quatri[èe]me|dernier)\s+[ée]tage|"
          r"rez-de-chauss[ée]e",
    "es": r"(?:\d{1,2}\.?[º°]|primer|segundo|tercer|cuarto|quinto|[úu]ltimo)\s+piso|planta\s+baja",
    "pt": r"(?:\d{1,2}\.?[º°]|primeiro|segundo|terceiro|quarto|quinto|[úu]ltimo)\s+andar|r[ée]s-do-ch[ãa]o",
    "ar": r"(?:ال)?طابق\s+(?:ال)?(?:[أا]ول|ثاني|ثالث|رابع|خامس|[أا]رضي|[أا]خير|\d{1,2})",
}
# Farms and homesteads named, as rural families are placed ("finca La Esperanza", "fazenda Boa Vista").
_UPPER_FIRST = "A-ZÀ-ÝĀ-Ž"
NAMED_HOMES = {
    "en": r"farm|homestead", "fr": r"ferme|campement",
    "es": r"finca|hacienda|parcela|chacra", "pt": r"fazenda|s[íi]tio|ch[áa]cara|ro[çc]a", "ar": r"(?!)",
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
# What a dwelling is made of counts as a description too: "casa de block", "casa de tijolo vermelho".
FEATURES = {
    "en": r"door|gate|tarpaulin|tarp|plastic\s+sheeting|sheeting|roof|curtain|fence|flag|walls?|shutters|windows|"
          r"bricks?|mud|iron\s+sheets?|tin|planks|wood|timber|bamboo|thatch|grass|straw|reeds",
    "fr": r"porte|portail|b[âa]che|toit|rideau|cl[ôo]ture|drapeau|murs?|t[ôo]les?|volets|fen[êe]tres|briques?|banco|"
          r"paille|terre|planches|bois|bambou|chaume|roseaux",
    "es": r"puerta|port[óo]n|lona|techo|cortina|rejas?|cerca|bandera|paredes|plástico|tablas|lata|zinc|ventanas|"
          r"block|bloques|ladrillos?|adobe|bahareque|l[áa]mina|madera|bamb[úu]|paja|palma",
    "pt": r"porta|port[ãa]o|lona|telhado|cortina|vedação|cerca|bandeira|paredes|chapa|zinco|caniço|janelas|"
          r"tijolos?|adobe|maticad[oa]|macuti|madeira|bambu|capim|palha",
    "ar": r"(?:ال)?(?:باب|بوابة|شادر|شوادر|سقف|ستار[ةه]|سياج|جدران|شرشف|نايلون|صفيح|زنك|شبابيك|نوافذ|طوب|طين|بلوك|خشب)",
}
LANDMARKS = {
    "en": r"mosque|church|well|borehole|(?:water\s+)?(?:kiosk|tap|tank|point|pump|tower)|tap\s?stand|latrines?|"
          r"market|clinic|health\s+(?:post|centre|center)|school|learning\s+cent(?:re|er)|shop|pitch|"
          r"football\s+field|distribution\s+point|madrasa|church|tree|bakery|pharmacy|bridge|roundabout|"
          r"(?:petrol|gas|fuel|bus)\s+station|bus\s+stop|police\s+post|checkpoint|cemetery|mill|booth|stall|"
          r"beach|pier|jetty|river|riverbank|generator",
    "fr": r"mosqu[ée]e|[ée]glise|puits|forage|borne[- ]fontaine|kiosque|robinet|latrines?|march[ée]|"
          r"centre\s+de\s+sant[ée]|[ée]cole|boutique|terrain|point\s+d['’]eau|arbre|pompe|boulangerie|pharmacie|"
          r"pont|rond-point|station(?:-service)?|ch[âa]teau\s+d['’]eau|cimeti[èe]re|poste\s+de\s+police|moulin|"
          r"plage|quai|fleuve|rivi[èe]re|groupe\s+[ée]lectrog[èe]ne",
    "es": r"mezquita|iglesia|pozo|tanque|pila|letrinas?|mercado|puesto\s+de\s+salud|escuela|colegio|tienda|cancha|"
          r"parque|poste|[áa]rbol|bomba|panader[íi]a|farmacia|puente|gasolinera|glorieta|cementerio|molino|retén|"
          r"bodega|abasto|kiosco|pulper[íi]a|playa|muelle|r[íi]o|"  # a corner shop in Central America
          r"generador|planta\s+el[ée]ctrica",
    "pt": r"mesquita|igreja|po[çc]o|furo|fontan[áa]rio|tanque|latrinas?|mercado|posto\s+de\s+sa[úu]de|escola|loja|"
          r"cantina|campo\s+de\s+futebol|[áa]rvore|bomba|padaria|farm[áa]cia|ponte|rotunda|cemit[ée]rio|moageira|"
          r"bomba\s+de\s+gasolina|praia|cais|rio|banca|gerador",
    # A preposition may be written against it ("المقابل للمولدة", "بالمسجد"); a generator lights an informal camp.
    "ar": r"(?:لل|بال|ال)?(?:مسجد|جامع|كنيس[ةه]|بئر|خزان|كشك|حنفي[ةه]|مدرس[ةه]|سوق|عياد[ةه]|مستوصف|دكان|ملعب|شجر[ةه]|"
          r"مضخ[ةه]|مخبز|فرن|صيدلي[ةه]|جسر|دوار|محط[ةه]|مقبر[ةه]|مخفر|مركز\s+(?:ال)?صحي|نقط[ةه]\s+(?:ال)?مياه|مولد[ةه]?)",
}
RELATIONS = {
    "en": r"behind|next\s+to|near|beside|by|opposite|facing|across\s+from|in\s+front\s+of|close\s+to|under|above|"
          r"\d{1,4}\s*(?:km|m|metres|meters)\s+from",
    "fr": r"derri[èe]re|[àa]\s+c[ôo]t[ée]\s+d[eu]|pr[èe]s\s+d[eu]|en\s+face\s+d[eu]|devant|sous|au-dessus\s+d[eu]|"
          r"[àa]\s+\d{1,4}\s*(?:km|m|m[èe]tres)\s+d[eu]",
    "es": r"detr[áa]s\s+de|junto\s+a|al\s+lado\s+de|cerca\s+de|frente\s+a|enfrente\s+de|debajo\s+de|bajo|encima\s+de|"
          r"a\s+\d{1,4}\s*(?:km|m|metros|cuadras)\s+de",
    "pt": r"atr[áa]s\s+d[eoa]|ao\s+lado\s+d[eoa]|perto\s+d[eoa]|em\s+frente\s+[aà]o?|junto\s+[aà]o?|"
          r"debaixo\s+d[eoa]|sob|em\s+cima\s+d[eoa]|"
          r"a\s+\d{1,4}\s*(?:km|m|metros)\s+d[eoa]",
    "ar": r"خلف|وراء|بجانب|بجوار|جوار|جنب|قرب|بالقرب\s+من|(?:ال)?مقابل[ةه]?|(?:ال)?مجاور[ةه]?|أمام|امام|عند|تحت|"
          r"فوق|حد",  # "حد" is "next to" in Levantine speech ("خيمة 7 حد المولد")
}
# Articles and linking words between the parts ("with the", "à la", "de", "ذات", "com a"), and elided articles
# written against the next word ("près de l'école").
_LINK = (r"(?:\s+(?:with|of|in|made\s+of|à|au|aux|en|de|du|des|con|com|em|d[eoa]s?|ذات|ذي|ذو|من|the|a|an|la|le|les|"
         r"el|los|las|o|os|as|al|ao|à)(?=\s)|\s+[lLdD]['’])*")


def _landmark_patterns(languages: tuple[str, ...]) -> tuple[str, str, str]:
    """A dwelling placed by its looks or a landmark, a dwelling counted along the way (which needs another part
    of an address), and a landmark phrase alone (which only extends a location)."""
    def pick(table):
        return "|".join(table[language] for language in languages)

    # Landmarks are named in the place's language whatever the note's ("above Tienda La Esperanza" in an English
    # referral from Colombia); the words of place around them stay the note's. The note's own languages first, as
    # the first alternative that matches is taken ("point d'eau" in French before English "point").
    # Another language's word counts only as a name is written, capitalised or before a capitalised name ("above
    # Tienda La Esperanza", "near the tienda La Fe"): many are ordinary words of the note's language too ("next to
    # the station", "near the terrain" in English are no French landmarks).
    foreign = "|".join(words for language, words in LANDMARKS.items() if language not in languages)
    landmarks = "|".join([LANDMARKS[language] for language in languages]
                         + ([rf"(?=(?-i:[{_UPPER_FIRST}\u0600-\u06ff]))(?:{foreign})",
                             rf"(?:{foreign})(?=\s+(?-i:[{_UPPER_FIRST}]))"] if foreign else []))
    describe = rf"(?:{pick(COLOURS)})\s+(?:{pick(FEATURES)})|(?:{pick(FEATURES)})(?:{_LINK}\s*(?:{pick(COLOURS)}))?"
    # The landmark's own name may follow: "مسجد النور", "la pharmacie Nasr." (a capitalised name only where the
    # clause ends, so that "near the mosque Ahmed said" leaves Ahmed to the names).
    named = (rf"(?:\s+ال[\u0621-\u064a]{{2,12}}|(?:\s+(?:of|de|du|del|do|da))?\s+[{_UPPER_FIRST}][\w'’-]{{1,20}}"
             rf"(?=\s*(?:[,.;:)]|$)))?")  # "la mosquée de Kirikongo,"
    place = rf"{_LINK}\s*(?:[^\W\d_][\w'’-]{{0,14}}\s+){{0,2}}?(?:{landmarks})(?!\w){named}"
    landmark = rf"(?:{pick(RELATIONS)}){place}"
    dwelling = rf"(?:{pick(DWELLINGS)})(?!\w)"
    # The side of the way may come between: "the second house on the left after the mosque".
    counted = (rf"(?:{pick(_ORDINALS)})\s+{dwelling}(?:\s+(?:{pick(_SIDES)}))?,?\s+(?:{pick(_COUNTED_FROM)})"
               rf"{place}")
    placed = (rf"(?<!\w)(?i:{counted}|{dwelling}(?:{_LINK}\s*(?:{describe})(?!\w)(?:,?\s*{landmark})?|"
              rf",?\s+{landmark}))")
    # A dwelling told by its colour alone ("la casa de color azul", "the blue house") needs another part too.
    colour_word = rf"(?:{_LINK}\s+(?:colou?r|couleur|cor|لون(?:ها|ه)?))?"
    coloured = rf"{dwelling}{colour_word}{_LINK}\s*(?:{pick(COLOURS)})(?!\w)|(?:{pick(COLOURS)})\s+{dwelling}"
    along = (rf"(?<!\w)(?i:(?:{pick(_ORDINALS)})\s+{dwelling}(?:\s+(?:{pick(_SIDES)}))?(?!\w)|{pick(FLOORS)}|"
             rf"{coloured})")
    if "ar" in languages:
        along += f"|{_AR_COUNTED}"
    return placed, along, rf"(?<!\w)(?i:{landmark})"


# Colombian grid: the street, its number (letter, "bis", quadrant), "#", the crossing street and the door
# ("Carrera 7 # 45-23", "Cl 72 # 10-34 Sur", "Kr 15 Bis # 8-40"); abbreviations as the post office writes them.
# Quoted as written in texts of any language ("their address in Cúcuta: Calle 12 # 4-56"), so English has it too.
_COLOMBIAN_GRID = (r"\b(?i:calle|carrera|cra\.?|kra\.?|kr\.?|cr\.?|cll?\.?|ak\.?|ac\.?|avenida|av\.|diagonal|dg\.?|"
                   r"transversal|tv\.?)\s+\d{1,3}\s?[A-Z]?(?:\s?(?i:bis))?(?:\s(?i:sur|norte|este|oeste))?\s*"
                   r"(?:#|(?i:n\s?[°º.]+|no\.?|n[úu]m\.?|n[úu]mero))\s*\d{1,3}\s?[A-Z]?\s*[-–]\s*\d{1,3}"
                   r"(?:\s(?i:sur|norte|este|oeste)\b)?")
# A door number before its street is no group of a longer number ("+243 81 234 5678, avenue Kabila n° 14": the
# phone number's last digits are not the avenue's door).
_DOOR = r"(?<![\d.,/+-])(?<!\d[ \u00a0])"
# Street addresses, flagged on their own: a number and a street. Unit words in any case, names capitalised.
STREETS = {
    "en": [_COLOMBIAN_GRID,
           rf"{_DOOR}\b\d{{1,5}}[A-Za-z]?,?\s+(?:[{_UPPER}]{_REST}\s+){{1,3}}(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|"
           rf"Close|Drive|Way|Crescent|Boulevard)\b",
           # The street first and the door after, as English texts from francophone and Arab towns write them
           # ("avenue Kituku no. 12", "Street Al-Rasheed no. 4").
           rf"\b(?i:street|st\.|road|rd\.|avenue|ave\.|av\.|rue|lane)\s+{_STREET_NAME},?\s+(?i:no\.?|number|n\s?[°º]\.?|#)"
           rf"\s*\d{{1,5}}(?!\w)",
           # The name, the street word, then the door, as Ukrainian and other European addresses are written in
           # English ("Sumska Street 12", "vul. Sumska 12", "Poltavskyi Shliakh 148").
           rf"\b[{_UPPER}]{_REST}(?:\s+[{_UPPER}]{_REST}){{0,2}}\s+(?i:street|road|avenue|lane|shliakh|prospekt|"
           rf"boulevard)\s+(?!(?:19|20)\d\d\b)\d{{1,4}}[A-Za-z]?(?!\w|[.,]\d)",
           rf"\b(?i:vul\.|vulytsia|ul\.|prov\.|provulok|prosp\.|prospekt)\s*[{_UPPER}]{_REST}"
           rf"(?:\s+[{_UPPER}]{_REST})?,?\s+\d{{1,4}}[A-Za-z]?(?!\w|[.,]\d)"],
    "fr": [rf"{_DOOR}\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+"
           rf"(?i:rue|avenue|av\.|boulevard|bd|impasse|all[ée]e|route|chemin)\s+{_STREET_NAME}",
           rf"\b(?i:rue|avenue|av\.|boulevard|bd)\s+{_STREET_NAME},?\s+(?i:n\s?[°º]\.?|no\.?)\s*\d{{1,5}}(?!\w)"],
    # Colombian grid: the street, its number (letter, "bis", quadrant), "#", the crossing street and the door
    # ("Carrera 7 # 45-23", "Cl 72 # 10-34 Sur", "Kr 15 Bis # 8-40"); abbreviations as the post office writes them.
    "es": [_COLOMBIAN_GRID,
           rf"\b(?i:calle|avenida|av\.|pasaje|psje\.|jir[óo]n|jr\.)\s+{_STREET_NAME},?\s*(?:#|(?i:n\s?[°º.]+|no\.?|"
           rf"n[úu]m\.?|n[úu]mero))\s*\d{{1,5}}(?!\w)",
           # Peru's jirón and Mexican streets: the name, then the door number without "#" ("Jr. Ayacucho 345").
           rf"\b(?i:calle|avenida|av\.|pasaje|psje\.|jir[óo]n|jr\.)\s+[{_UPPER}]{_REST}"
           rf"(?:\s+(?:(?:de|del|la|los|las)\s+)?[{_UPPER}]{_REST}){{0,2}}\s+(?!(?:19|20)\d\d\b)\d{{1,5}}(?!\w|[.,]\d)",
           r"\b(?i:manzana|mz\.?)\s*[A-Z0-9]{1,4}\s*,?\s*(?i:lote|lt\.?)\s*\d{1,4}(?!\w)"],
    "pt": [rf"\b(?i:rua|avenida|av\.|travessa|estrada|pra[çc]a)\s+{_STREET_NAME},?\s*(?i:n\s?[.°º]+\s*|no\.?\s*)?"
           rf"\d{{1,5}}(?!\w)"],
    "ar": [r"(?<!\w)(?:ال)?شارع\s+[^\n،,]{2,30}?\s*[،,]?\s*(?:بناي[ةه]|مبنى|عمار[ةه]|منزل|بيت)\s*(?:رقم\s*)?\d{1,5}",
           # The door number before the street, as Egyptian and other addresses write it ("14 شارع التحرير").
           r"(?<![\w.,/-])\d{1,4}\s+شارع\s+(?:ال)?[\u0621-\u064a]{2,20}(?:\s+(?:ال)?[\u0621-\u064a]{2,20})?"],
}
# Between the parts of one address: a separator, and perhaps a word that links places ("Block H4, the tent …",
# "… بجانب المسجد في القطاع 7", "2e étage de l'immeuble …").
_JOIN = re.compile(r"\s*[,،;\-–]?\s*(?:(?:(?:the|in|of|at|dans|du|de|del|en|la|le|el|do|da|no|na|em|في)\s+){1,2}|"
                   r"(?:de\s+)?[lL]['’]|d['’])?")
_MAX_JOIN = 12
# "rue de Syrie", "bairro de Cuntum": a place's name after its particle.
_PARTICLE = r"(?:(?:de\s+la|de|du|des|del|da|do|dos|das)\s+|d['’])"
# An organisation's premises are not a home: an address in the clause of "office", "bureau OCHA", "Oficina de
# ACNUR en Cúcuta:", "for the training" is theirs, unless a dwelling is named in it or someone lives there.
_OFFICE = re.compile(
    r"(?:\boffices?\b|\bbureau\b|oficina|escrit[óo]rio|\bsede\b|si[èe]ge|headquarters|\bHQ\b|premises|"
    r"\bsalle\b|\bsala\b|\bmeets?\b|meeting|conference|\bhall\b|training|workshop|r[ée]union|formation|atelier|"
    r"conf[ée]rence|reuni[óo]n|taller|"
    r"capacitaci[óo]n|reuni[ãa]o|forma[çc][ãa]o|capacita[çc][ãa]o|مكتب|مقر|قاع[ةه]|اجتماع|ورش[ةه]|تدريب|"
    r"\b(?:UNICEF|UNHCR|ACNUR|HCR|OCHA|IOM|OIM|WFP|PAM|UNFPA|UNDP|PNUD|NRC|IRC|MSF|ICRC|CICR|IFRC)\b|اليونيسف)",
    re.IGNORECASE)
_LIVING = (r"\bliv(?:e|es|ing)\b|\bstay|\bvit\b|\bvivent\b|habite|\bloge|\bvive|\bviven\b|\bmora|reside|"
           r"يسكن|تسكن|يقيم|تقيم|يعيش|تعيش")
_LIVES = re.compile(f"(?:{_LIVING})", re.IGNORECASE)
_OFFICE_WINDOW = 40


# A number alone after the areas that hold it is the household's ("القطاع F، الصف 9، رقم 31", "Block 4, no. 17").
_BARE_NUMBER = r"(?<!\w)(?:رقم|(?i:no\.|n\s?[°º]\.?)|#)\s*\d{1,5}(?!\w|[.,/-]\d)"


@cache
def _patterns(languages: tuple[str, ...]):
    def pick(table):
        return "|".join(table[language] for language in languages)

    def every(table):
        # Unit words of every language: field notes mix them ("Kanyaruchinya site, bloc F, abri 207" in an English
        # minute), and a unit word with its number is rarely anything else.
        return "|".join(table.values())

    household = re.compile(rf"(?<!\w)(?i:{every(HOUSEHOLD_UNITS)})\s*{_NO}{_HOUSEHOLD_ID}|{_WHAT3WORDS}|{_PLUS_CODE}|"
                           rf"{_FAMILY_COMPOUND}")
    weak_household = re.compile(
        rf"(?<!\w)(?i:{every(WEAK_HOUSEHOLD_UNITS)})\s*{_NO}{_HOUSEHOLD_ID}|"
        rf"(?<!\w)(?i:{pick(NAMED_HOMES)})\s+{_PARTICLE}?[{_UPPER_FIRST}]{_REST}(?:\s+[{_UPPER_FIRST}]{_REST}){{0,2}}"
        # A building by its name, where a floor or a street next to it places the family ("بناية النور، الطابق الثالث").
        + (r"|(?<!\w)(?:ال)?(?:بناي[ةه]|مبنى|عمار[ةه])\s+ال[\u0621-\u064a]{2,15}" if "ar" in languages else ""))
    # The name before its site word first: "Collège Saint-Martin site" is one area, not the school and a gap.
    area = re.compile(rf"(?<!\w)(?:{_DISPLACEMENT_SITE}|"
                      rf"{_PLACE_NAME}\s+(?:(?i:camp|site|campamento|campo|school|hotel)\b|"
                      rf"(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane))|"
                      rf"(?i:{every(AREA_UNITS)})\s*{_NO}(?:(?P<numbered>{_AREA_ID})|{_PARTICLE}?{_PLACE_NAME}|"
                      rf"{_ARABIC_NAME}))")
    smallest = re.compile(rf"(?<!\w)(?i:{every(SMALLEST_AREA_UNITS)})\s*{_NO}{_AREA_ID}")
    streets = re.compile("|".join(f"(?:{pattern})" for language in languages for pattern in STREETS[language]))
    placed, along, landmark = (re.compile(pattern) for pattern in _landmark_patterns(languages))
    dwelling = re.compile(rf"(?<!\w)(?i:{every(DWELLINGS)})(?!\w)")  # a home in any language is no office
    bare = re.compile(_BARE_NUMBER)
    return household, weak_household, area, smallest, streets, placed, along, landmark, dwelling, bare


# A site where displaced families shelter, named by what it is ("classroom 3 of the displacement site", "site de
# déplacés", "centro de acogida"): an area, in any language.
_DISPLACEMENT_SITE = (r"(?i:(?:IDP|displacement|displaced|evacuation|collective|transit|reception)\s+"
                      r"(?:site|cent(?:re|er)|camp|shelter)|site\s+de\s+d[ée]plac[ée]s|centre\s+(?:collectif|de\s+transit)|"
                      r"centro\s+(?:colectivo|de\s+acogida|de\s+tr[áa]nsito)|albergue\s+temporal|"
                      r"abrigo\s+(?:tempor[áa]rio|coletivo)|centro\s+de\s+acolhimento|مركز\s+(?:ال)?(?:نزوح|عبور))(?!\w)")


# A family's compound named by the family, as West African towns place a household ("la concession de la famille
# Sawadogo", "the Ouédraogo family compound", "concession des Traoré").
_FAMILY_COMPOUND = (rf"(?<!\w)(?i:concession\s+(?:de\s+la\s+famille|familiale\s+des|des)|compound\s+of\s+the)\s+"
                    rf"[{_UPPER_FIRST}]{_REST}(?:\s+[{_UPPER_FIRST}]{_REST})?(?:\s+(?i:family))?|"
                    rf"(?<!\w)[{_UPPER_FIRST}]{_REST}\s+(?i:family\s+compound)")
# A home given as a what3words address ("///filled.count.soap", in any language's words) or an Open Location
# Code ("6FG7+Q3 Kakuma", "7C4R+9M"): each names a 3-metre or 14-metre square, a home on its own. Not a web
# address's host ("https://maps.google.com/…").
_WHAT3WORDS = r"(?<![\w/:])///?[^\W\d_]{1,20}\.[^\W\d_]{1,20}\.[^\W\d_]{1,20}(?!\w|\.[^\W\d_])"
_PLUS_CODE = r"(?<![\w+])(?:[23456789CFGHJMPQRVWX]{8}\+[23456789CFGHJMPQRVWX]{0,3}|[23456789CFGHJMPQRVWX]{4,6}\+" \
             r"[23456789CFGHJMPQRVWX]{2,3})(?![\w+])"


# What a part of an address is worth: a household or a street address places a family on its own; a weak part
# ("case 127", "3e maison à gauche", "2e étage", "square 3") only with another part next to it; areas and
# landmarks never alone, and together only when the area is numbered and someone is said to be there; two areas,
# one of them numbered, likewise place someone said to be there ("the girl lives in Camp 15, Block E-12").
# A bare number ("no. 17") counts as a weak part only in a run with an area: "items no. 1, no. 2" place nobody.
_STRONG, _WEAK, _OTHER, _NUMBERED_AREA, _LANDMARK, _BARE = range(6)
# Where a child sleeps, said before a landmark, places them without an area ("the boy sleeps at the market behind
# the bus station", "l'enfant dort sous le pont"): street children are found by it. One sleeper, not a group
# ("children sleep in tents near the distribution point").
_SLEEPS = re.compile(r"\bsleeps\b|\bsleeping\b|\bslept\b|\bdort\b|\bdormait\b|\bduerme\b|durmiendo|\bdorme\b|"
                     r"dormindo|ينام|تنام|نائم", re.IGNORECASE)
# Someone placed: where a child or a family is, lives or sleeps, said before the address ("the boy is in Block F,
# behind the mosque"); a numbered block by a landmark is otherwise as often a facility's or an activity's ("the CFS
# in Block F, near the clinic", "distribution in Zone 3 near the market for all families").
_SOMEONE = re.compile(
    rf"(?:{_LIVING}|\bsleep|\bslept|\bdort\b|dorment|duerm|\bdorme|ينام|تنام|\bchild\b|\bgirl\b|\bboy\b|"
    r"\bfamily\b|\bfamille\b|\bfam[íi]lia\b|\benfant\b|\bfille\b|gar[çc]on\b|ni[ñn][oa]\b|crian[çc]a\b|menin[oa]\b|"
    # who keeps or hosts a child, or a person addressed by title ("Host: Mme Salamata …, secteur 8, …")
    r"\bhost\b|\bh[ôo]te\b|caregiver|guardian|tuteur|tutrice|\bmother\b|\bfather\b|\baunt\b|\buncle\b|"
    r"grand(?:mother|father|-m[èe]re|-p[èe]re)|\bm[èe]re\b|\bp[èe]re\b|\btante\b|\boncle\b|\bmadre\b|\bpadre\b|"
    r"\bt[íi][ao]\b|abuel[oa]|\bm[ãa]e\b|\bpai\b|\bav[óô]\b|\bMme\b|\bMrs?\b|\bSra?\b|"
    r"الطفل|الطفلة|الأسر[ةه]|العائل[ةه]|الفتا[ةه]|الصبي|الولد|البنت)", re.IGNORECASE)


def find_locations(text: str, languages: tuple[str, ...]) -> list[tuple[str, int, int, float]]:
    """Household locations, grown over the camp, block and street around them ("Camp 4, Block C, shelter 12")."""
    household, weak_household, area, smallest, streets, placed, along, landmark, dwelling, bare = _patterns(languages)
    parts = [(*match.span(), _STRONG) for pattern in (household, streets, placed) for match in pattern.finditer(text)]
    parts += [(*match.span(), _WEAK) for pattern in (weak_household, along, smallest)
              for match in pattern.finditer(text)]
    parts += [(*match.span(), _NUMBERED_AREA if match.group("numbered") else _OTHER) for match in area.finditer(text)]
    parts += [(*match.span(), _LANDMARK) for match in landmark.finditer(text)]
    parts += [(*match.span(), _BARE) for match in bare.finditer(text)]
    parts.sort()
    # One pass over the parts in order: a run of parts that touch or are joined by a separator is one address.
    found: list[tuple[str, int, int, float]] = []
    run_start = run_end = -1
    run: list[tuple[int, int, int]] = []

    def close() -> None:
        counted = run if {_OTHER, _NUMBERED_AREA} & {part[2] for part in run} else [p for p in run if p[2] != _BARE]
        values = [_WEAK if part[2] == _BARE else part[2] for part in counted]
        placing = (_STRONG in values or (_WEAK in values and len({part[:2] for part in counted}) > 1)
                   or (_NUMBERED_AREA in values and (_LANDMARK in values or len({part[:2] for part in run}) > 1)
                       and _said_before(_SOMEONE, text, run_start))
                   or (_LANDMARK in values and _said_before(_SLEEPS, text, run_start)))
        if placing and not _an_office(text, run_start, run_end, dwelling):
            found.append((LOCATION, run_start, run_end, 0.85))

    for part in parts:
        start, end = part[:2]
        gap = text[run_end:start] if start > run_end else ""
        if run_end >= 0 and (start <= run_end or (len(gap) <= _MAX_JOIN and "\n" not in gap and _JOIN.fullmatch(gap))):
            run.append(part)
            run_end = max(run_end, end)
            continue
        if run:
            close()
        run_start, run_end, run = start, end, [part]
    if run:
        close()
    return found


def _an_office(text: str, start: int, end: int, dwelling: re.Pattern) -> bool:
    """True when the address is an organisation's office's, by its clause, and names no dwelling."""
    if dwelling.search(text, start, end):
        return False
    before = _CLAUSE_END.split(text[max(0, start - _OFFICE_WINDOW):start])[-1]
    after = _CLAUSE_END.split(text[end:end + _OFFICE_WINDOW])[0]
    return bool(_OFFICE.search(before) or _OFFICE.search(after)) and not _LIVES.search(before)


# The sector's own names, where "child" and "family" are no one: "the child protection team in Camp 4, Block B".
_SECTOR_TERMS = re.compile(
    r"child[\s-]+(?:protection|friendly|labou?r|rights|safeguarding)|famil\w*[\s-]+(?:tracing|reunification|based|"
    r"support)|(?:protection|droits)\s+de\s+l['’]enfan\w*|(?:protecci[óo]n|derechos)\s+de\s*l[ao]?\s+(?:infancia|"
    r"niñez|niño)|(?:prote[çc][ãa]o|direitos)\s+(?:da|à)\s+crian[çc]a|(?:حماي[ةه]|حقوق)\s+(?:ال)?طفل[ةه]?",
    re.IGNORECASE)


def _said_before(pattern: re.Pattern, text: str, start: int) -> bool:
    """True when the clause before `start` has a match of `pattern` (someone who is there, who sleeps there)."""
    clause = _CLAUSE_END.split(text[max(0, start - _OFFICE_WINDOW):start])[-1]
    return bool(pattern.search(_SECTOR_TERMS.sub(" ", clause)))


# Where a clause ends: a full stop before a capital ("… 11-50. The family"), not after "no." or "Av.".
_CLAUSE_END = re.compile(r"[!?;\n]|\.\s+(?=[A-ZÀ-Ý])")
