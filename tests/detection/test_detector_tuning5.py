"""The detector on the rules added after tuning set 5 (bench/data/privacy_tuning5.jsonl, written blind to it): ID
programmes quoted by name, registers' and courts' numbers, service and office phone numbers, ages written as
registers and forms write them, names credited with a role, streets named after people, and addresses written
door-first or by a building's or a family's name. The values here are new ones, not the set's strings."""

import pytest

from cphelpdesk.detection.detector import find_personal_data

pytestmark = pytest.mark.django_db  # the detector reads the administrators' custom patterns


def found(text: str, language: str | None) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in find_personal_data(text, language)]


FOUND = [
    ("en", "Her Fayda number is 6120 4471 9382.", [("national_id", "6120 4471 9382")]),
    ("en", "The father's PhilSys number 1234-5678-9012-3456 is on the form.", [("national_id", "1234-5678-9012-3456")]),
    ("en", "Colombian cédula of the mother: 52.318.447.", [("national_id", "52.318.447")]),
    ("pt", "Cartão de cidadão do pai: 30918274 6 ZW2.", [("national_id", "30918274 6 ZW2")]),
    ("en", "Her Portuguese card 30918274 6 ZW2 expired.", [("national_id", "30918274 6 ZW2")]),
    ("es", "Proceso n.º 2023-00871 del juzgado de familia.", [("case_id", "2023-00871")]),
    ("fr", "Registre n° 112/SAS/2023 du service social.", [("case_id", "112/SAS/2023")]),
    ("es", "Radicado 05001-31-10-012-2022-00318-00 en Medellín.", [("case_id", "05001-31-10-012-2022-00318-00")]),
    ("pt", "Nº do caso: 2023.0415.0072.", [("case_id", "2023.0415.0072")]),
    ("en", "Child: Nyaluak (girl, about 9) stays with an aunt.", [("child_name_age", "Nyaluak (girl, about 9)")]),
    ("en", "Samuel Ochieng (b. 2012) was registered yesterday.", [("child_name_age", "Samuel Ochieng (b. 2012)")]),
    ("en", "The boy, Musa, turned 11 in March.", [("child_name_age", "Musa, turned 11")]),
    ("en", "We met the eldest sister, Ayen Garang, 16.", [("child_name_age", "Ayen Garang, 16")]),
    ("fr", "Nom : Habimana Eric. Âge : 12 ans.", [("child_name_age", "Habimana Eric. Âge : 12")]),
    ("en", "The girl Luz Mery Torres, 8 años, arrived alone.", [("child_name_age", "Luz Mery Torres, 8 años")]),
    ("ar", "الطفلة سلمى البالغة من العمر تسع سنوات تعيش مع خالتها.",
     [("child_name_age", "سلمى البالغة من العمر تسع سنوات")]),
    ("ar", "الطفل كريم عمره سبع سنوات.", [("child_name_age", "كريم عمره سبع سنوات")]),
    ("pt", "A menina Rosa Tembe nasceu em 12/08/2015.", [("child_name_age", "Rosa Tembe nasceu em 12/08/2015")]),
    ("en", "Letter signed by Lic. Marisol Quintero.", [("person_name", "Marisol Quintero")]),
    ("fr", "Signalé par Mariam Ouattara (assistante sociale) hier.", [("person_name", "Mariam Ouattara")]),
    ("pt", "Endereço: Travessa Santa Luzia, 27, fundos.", [("location", "Travessa Santa Luzia, 27")]),
    ("en", "Their address in Bogotá: Carrera 15 # 72-40, apartment 3.",
     [("location", "Carrera 15 # 72-40, apartment 3")]),
    ("ar", "يسكنون في 27 شارع الجمهورية، عابدين.", [("location", "27 شارع الجمهورية")]),
    ("ar", "العنوان: شارع الحمرا، بناية السلام، الطابق الرابع.",
     [("location", "شارع الحمرا، بناية السلام، الطابق الرابع")]),
    ("fr", "L'enfant vit dans la concession de la famille Kaboré, secteur 12.",
     [("location", "concession de la famille Kaboré, secteur 12")]),
    ("fr", "Sa tante Zénabou est partie au marché.", [("person_name", "Zénabou")]),
    # The shelter's name with its number is not taken in yet: the module and the box place the family.
    ("pt", "A família está no Abrigo Pricumã 2, módulo 3, box 41.", [("location", "módulo 3, box 41")]),
]

# A private number stays found beside a ministry named in passing or an office with someone's own number named.
PRIVATE_NUMBERS = [
    ("en", "Referred by the ministry; her mother's phone is +223 76 12 34 56.", "+223 76 12 34 56"),
    ("en", "Her aunt works at the UNHCR office, call her on +256 772 123 456.", "+256 772 123 456"),
    ("fr", "Le ministère suit le dossier, sa mère répond au +223 76 12 34 56.", "+223 76 12 34 56"),
    ("es", "La oficina de ACNUR tiene su caso; su madre: +57 310 555 1234.", "+57 310 555 1234"),
]

LEFT_ALONE = [
    # Toll-free numbers (the numbering plan's type), an agency office's and a ministry's numbers, a street named
    # after someone.
    ("fr", "Appelez le numéro 80 00 12 34 pour signaler un cas."),
    ("en", "The IOM office in Gaziantep can be reached on +90 342 123 45 67."),
    ("en", "The Ministry of Gender switchboard is +256 41 4347854."),
    ("en", "The office is on Jomo Kenyatta Avenue, near the bank."),
    # An author named after their works; a module of a training alone.
    ("ar", "نقرأ مع المراهقين قصصاً من روايات توفيق الحكيم."),
    ("pt", "O módulo 3 do curso trata da gestão de casos."),
]


@pytest.mark.parametrize("language_given", [True, False], ids=["with-language", "without-language"])
@pytest.mark.parametrize(("language", "text", "expected"), FOUND, ids=[text[:40] for _l, text, _e in FOUND])
def test_tuning_set_5_rules_find(language, text, expected, language_given):
    assert found(text, language if language_given else None) == expected


@pytest.mark.parametrize(("language", "text", "number"), PRIVATE_NUMBERS, ids=[t[:40] for _l, t, _n in PRIVATE_NUMBERS])
def test_a_private_number_beside_an_office_or_a_ministry_is_still_found(language, text, number):
    assert ("phone", number) in found(text, language)


@pytest.mark.parametrize(("language", "text"), LEFT_ALONE, ids=[text[:40] for _l, text in LEFT_ALONE])
def test_service_and_office_numbers_and_streets_are_left_alone(language, text):
    assert found(text, language) == []


def test_a_personal_number_in_the_same_sentence_as_an_ngo_is_still_found():
    assert found("The caseworker from IRC gave the mother's phone, 0722 418 377.", "en") == [
        ("phone", "0722 418 377")]
