"""The detector on the shapes field staff write (issue #13): case numbers as CPIMS+/Primero and agencies compose
them, homes placed by landmarks, Latin American addresses, passport numbers, names the list does not know, and the
version strings that look like case numbers. Each shape comes from public material, named beside it."""

import pytest

from cphelpdesk.detection.detector import find_personal_data

pytestmark = pytest.mark.django_db  # the detector reads the administrators' custom patterns


def found(text: str, language: str | None) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in find_personal_data(text, language)]


# (language, text, what must be found); each with and without the language given.
SHAPES = [
    # Agency case numbers, COUNTRY-SITE-YEAR-SEQUENCE with an ISO 3166 alpha-3 code, with or without a "CP-" prefix
    # (https://community.primero.org/t/unique-identifiers/149: a case ID is a district code, a dash, …, and may be
    # prefixed with the agency code).
    ("en", "Can someone check whether SSD-JUB-2023-0457 was transferred to Torit?", [("case_id", "SSD-JUB-2023-0457")]),
    ("fr", "Le dossier CP-CAF-BGF-2023-0112 concerne une fillette.", [("case_id", "CP-CAF-BGF-2023-0112")]),
    ("es", "Caso COL-NAR-2024-0091 remitido al ICBF.", [("case_id", "COL-NAR-2024-0091")]),
    ("ar", "ملف الطفل IRQ-DHK-2022-0198 بحاجة إلى متابعة.", [("case_id", "IRQ-DHK-2022-0198")]),
    # Primero's short ID, the last 7 characters of the record's UUID (primeroIMS/primero,
    # app/models/concerns/record.rb: short_id = unique_identifier.last(7)), written alone after a word for a record.
    ("en", "Duplicate alert: short ID b07d3f1 looks like the same child.", [("case_id", "b07d3f1")]),
    ("en", "The girl's record in Primero is 4e1c9a2, please do not paste her name.", [("case_id", "4e1c9a2")]),
    ("fr", "Le numéro court Primero 7f2e0c4 est à vérifier.", [("case_id", "7f2e0c4")]),
    # Passport numbers of a letter and eight digits (https://scannablepassport.com/format-of-passport-number),
    # with or without a cue; "travel document" is one.
    ("en", "Her document R05512378 was issued in Juba in 2019.", [("passport", "R05512378")]),
    ("fr", "Nous avons une copie du document de voyage A01236674 du père.", [("passport", "A01236674")]),
    ("ar", "وثيقة السفر P02345671 للأب موجودة لدى الشريك.", [("passport", "P02345671")]),
    # National IDs: "ID" in capitals as a cue (Kenyan ID cards, 8 digits), and an acronym after the number (Peru's
    # DNI, 8 digits: https://lu1tr0n.github.io/nationid/documents/pe.html).
    ("en", "Kenyan ID 28457139 for the uncle, for the foster care form.", [("national_id", "28457139")]),
    ("es", "El documento de la tía es 41236587 (DNI peruano).", [("national_id", "41236587")]),
    # Homes placed by landmarks in camps and settlements: the colour of the tarpaulin or door, what it stands next
    # to (Dadaab's plastic-sheeting tents, Kakuma's water kiosks, Za'atari's blocks and rows).
    ("en", "Family lives in Block H4, the tent with the blue tarpaulin behind the water kiosk.",
     [("location", "Block H4, the tent with the blue tarpaulin behind the water kiosk")]),
    ("en", "The foster mother is in Zone 2, Block 7, third shelter after the mosque.",
     [("location", "Zone 2, Block 7, third shelter after the mosque")]),
    ("fr", "Ils vivent dans la tente à bâche bleue derrière le forage.",
     [("location", "tente à bâche bleue derrière le forage")]),
    ("fr", "Abri n° 14, rangée 3, à côté de la mosquée du bloc C.",
     [("location", "Abri n° 14, rangée 3, à côté de la mosquée du bloc C")]),
    ("es", "Viven en la carpa de lona verde junto al pozo, sector 3.",
     [("location", "carpa de lona verde junto al pozo, sector 3")]),
    ("pt", "A criança vive na casa de chapa azul ao lado do poço.",
     [("location", "casa de chapa azul ao lado do poço")]),
    ("ar", "تسكن العائلة في الخيمة ذات الشادر الأزرق بجانب المسجد في القطاع 7.",
     [("location", "الخيمة ذات الشادر الأزرق بجانب المسجد في القطاع 7")]),
    ("en", "Camp 8W, Block D-12, shed 5 is where the family moved.", [("location", "Camp 8W, Block D-12, shed 5")]),
    # Latin American addresses: Peru's jirón, urbanización, manzana and lote (https://yandex.com/support/mapeditor/
    # en/rules_12_per), Colombia's grid with a quadrant (https://www.geopostcodes.com/en-GB/blog/
    # the-full-guide-to-colombian-address-format) and the post office's abbreviations ("Kr", "Cl").
    ("es", "Jr. Ayacucho 345, Urb. Los Jardines, Mz. H Lt. 41: ahí vive.",
     [("location", "Jr. Ayacucho 345, Urb. Los Jardines, Mz. H Lt. 41")]),
    ("es", "Dirección: Calle 5 Sur # 12-30, Bogotá.", [("location", "Calle 5 Sur # 12-30")]),
    ("es", "Dirección: Kr 15 # 8-40 Sur.", [("location", "Kr 15 # 8-40 Sur")]),
    # Names the list does not know: Somali (personal, father's and grandfather's names, in Somali spelling:
    # https://wardheernews.com/somali-names-and-individual-identity/), South Sudanese (Nuer), Spanish with two
    # family names (http://www.grcdi.nl/gsb/colombia.html), set off by commas after "the father", "la madre".
    ("en", "Please trace the father, Abdikadir Nuur Xuseen, last seen in Dollo Ado.",
     [("person_name", "Abdikadir Nuur Xuseen")]),
    ("fr", "Le père, Cabdalla Cumar Mansuur, demande des nouvelles.", [("person_name", "Cabdalla Cumar Mansuur")]),
    ("es", "La madre, Luz Dary Moreno Palacios, pide apoyo.", [("person_name", "Luz Dary Moreno Palacios")]),
    # A first name, a comma and an age, the sentence going on.
    ("en", "Ayaan, 11, was identified at the reception centre.", [("child_name_age", "Ayaan, 11")]),
    ("en", "Nyakuoth Riek Gatdet, 15, asked for help with school fees.",
     [("child_name_age", "Nyakuoth Riek Gatdet, 15")]),
    ("pt", "Anselmo, 10, foi encontrado sozinho.", [("child_name_age", "Anselmo, 10")]),
    # A person's mailbox at a webmail domain, even with a role word inside it.
    ("en", "Private email of the caregiver: faadumo.cali.cp@gmail.com", [("email", "faadumo.cali.cp@gmail.com")]),
]


@pytest.mark.parametrize("language_given", [True, False], ids=["with-language", "without-language"])
@pytest.mark.parametrize(("language", "text", "expected"), SHAPES,
                         ids=[f"{case[0]}-{index}" for index, case in enumerate(SHAPES)])
def test_field_shapes_are_found(language, text, expected, language_given):
    assert found(text, language if language_given else None) == expected


# What looks like those shapes and is not personal data.
LOOK_ALIKES = [
    # Software versions from real changelogs: KoboToolbox (https://github.com/kobotoolbox/kobocat/releases), ODK
    # Collect (https://github.com/getodk/collect/releases), PEP 440's examples; after "Primero" or "CPIMS+" too.
    ("en", "After upgrading KoboToolbox to 2.024.17c the exports fail; was it fixed in 2.024.17b?"),
    ("en", "ODK Collect v2024.1.0-beta.0 crashes on our tablets; should we go back to v2023.2.4?"),
    ("en", "Primero v2.11.0-rc.1 and CPIMS+ 2.5.3-hotfix are on the test server; the sync package pins 1.4.2.post1."),
    ("fr", "La version Primero 3.2.1-rc.2 sera déployée au Tchad en mars."),
    ("es", "El caso de la versión 1.0.34-rc1 del conector: la 1.0.7-b1 falla."),
    ("ar", "الإصدار v2.11.0 من بريميرو متاح الآن."),
    # A commit hash has the shape of a Primero short ID (https://github.com/kobotoolbox/collect/releases/tag/v2025.2.3).
    ("en", "Release v2025.2.3 (commit 234fd2e) of KoboCollect added the Counter appearance."),
    # References shaped like case numbers, without a country code or a sequence.
    ("en", "Grant SC-2023-0045 and the SOP reference CP-SOP-2023-04 cover case closure."),
    ("en", "Security Council resolution S/RES/2427 (2018) and report A/73/907 cover grave violations."),
    # Landmarks without a home, and "after" as a time.
    ("en", "Block D, Block E and Block F of Camp 4 share one water point next to the mosque."),
    ("en", "The children go to the learning centre after school, near the market."),
    ("es", "El asentamiento tiene 45 manzanas, y la cancha está junto al colegio; la Calle 72 y la Carrera Décima."),
    # Place names that start like names ("Villa María"), camps named after places.
    ("es", "En el AA.HH. Villa María hay 120 manzanas y cerca de 3 000 lotes."),
    ("en", "Dadaab hosts five camps: Dagahaley, Hagadera, Ifo, Ifo II and Kambioos."),
    # Offices' mailboxes at webmail domains.
    ("en", "Write to cpwg.baidoa@gmail.com or info.cpaor@yahoo.com for the meeting notes."),
]


@pytest.mark.parametrize(("language", "text"), LOOK_ALIKES)
def test_look_alikes_of_field_shapes_are_left_alone(language, text):
    assert found(text, language) == []
    assert found(text, None) == []


def test_a_cue_says_more_than_the_shape_of_a_passport_number():
    # "CNI n° B12345678" is an identity card even though a letter and eight digits is a passport's shape.
    text = "Sa CNI n° B12345678 est restée au village."
    assert found(text, "fr") == [("national_id", "B12345678")]


def test_a_number_grouped_by_thousands_is_not_a_version():
    assert found("Cédula de ciudadanía 1.023.456.789 de la madre.", "es") == [("national_id", "1.023.456.789")]
