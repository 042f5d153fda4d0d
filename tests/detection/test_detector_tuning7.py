"""The detector on the rules added after tuning set 7 (bench/data/privacy_tuning7.jsonl, written before the detector
was read): police and court records, register entries and proGres group numbers; names written surname first in
lists, with an initial, with a hyphenated surname, or in lower case in chat. The values here are new ones, not the
set's strings; each look-alike has its private counterpart."""

import pytest

from cphelpdesk.detection.detector import find_personal_data

pytestmark = pytest.mark.django_db  # the detector reads the administrators' custom patterns


def found(text: str, language: str | None) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in find_personal_data(text, language)]


CASE_NUMBERS = [
    ("en", "The uncle filed FIR No. 318/2024 at the Sadar police station.", "318/2024"),
    ("en", "Reported under OB No. 41/07/11/2024 at Kakuma police post.", "41/07/11/2024"),
    ("en", "Police abstract no. KKM/2291/24 was given to the mother.", "KKM/2291/24"),
    ("en", "Birth registration entry no. 2021/NKR/007731 is missing from the file.", "2021/NKR/007731"),
    ("fr", "Le procès-verbal n° 1187/2024 a été transmis au juge.", "1187/2024"),
    ("fr", "La tante a déposé plainte sous le n° PV 0921/2024/CSP-Bukavu.", "0921/2024/CSP-Bukavu"),
    ("fr", "Acte de naissance n° 887 du registre de la commune.", "887"),
    ("es", "La madre presentó la denuncia n.º 2024-118273 en la Fiscalía.", "2024-118273"),
    ("es", "Noticia criminal 110016000050202412345 por violencia intrafamiliar.", "110016000050202412345"),
    ("es", "Registro civil de nacimiento, indicativo serial 61234987.", "61234987"),
    ("es", "Historia de atención SIM 2093847561 del ICBF.", "2093847561"),
    ("pt", "Boletim de ocorrência n.º 2024/118273 na delegacia da mulher.", "2024/118273"),
    ("pt", "O B.O. 4471/2024 foi registado ontem.", "4471/2024"),
    ("ar", "رقم محضر الشرطة 2024/7712 لدى المخفر", "2024/7712"),
    ("en", "Household listed as group 231-00045512 in the registry.", "231-00045512"),
    ("fr", "Famille : groupe KAK-00078342, arrivée en 2023.", "KAK-00078342"),
]


@pytest.mark.parametrize("language,text,value", CASE_NUMBERS)
def test_police_court_and_register_numbers_are_case_numbers(language, text, value):
    assert ("case_id", value) in found(text, language)


LEFT_ALONE = [
    # The cue without "no." or a year is no record: an entry in the minutes, solar panels, a meeting's minutes.
    ("en", "See entry 2024 in the minutes of the meeting."),
    ("fr", "Les panneaux PV 250 W sont installés à l'école."),
    ("ar", "محضر الاجتماع رقم 125 للجنة الحماية"),
    # A birth certificate's year, and a phone number with its trunk code, are no record's number.
    ("en", "Birth certificate no. 2015 series is no longer issued."),
]


@pytest.mark.parametrize("language,text", LEFT_ALONE)
def test_look_alikes_of_records_are_left_alone(language, text):
    assert not [kind for kind, _text in found(text, language) if kind == "case_id"]


def test_a_long_birth_certificate_number_stays_a_national_id():
    assert found("Acte de naissance n° 40217785 du père.", "fr") == [("national_id", "40217785")]


def test_a_phone_number_with_a_trunk_code_is_no_group_number():
    assert ("case_id", "020-01234567") not in found("Appelez le 020-01234567 après 17 h.", "fr")


NAMES = [
    # Surnames first in a list, where the names list knows a name of one item only ("Kasongo").
    ("fr", "Enfants non accompagnés : Kasongo Mbala Ruth ; Tshimanga Kazadi Josué ; Ngalula Mpoyi Rachel.",
     ["Tshimanga Kazadi Josué", "Ngalula Mpoyi Rachel"]),
    ("en", "At the reception centre: Nyandeng Akol Deng, Achiro Lagu Santino, Abuk Malual Garang.",
     ["Achiro Lagu Santino"]),
    # An initial and a surname the list does not know.
    ("en", "Follow-up visit done by K. Nyamal (volunteer) on Tuesday.", ["K. Nyamal"]),
    ("fr", "Signalement transmis par M. Ouédraogo; contact: S. Kaboré.", ["S. Kaboré"]),
    # A surname made of given names, as Haitian and French ones often are.
    ("fr", "Le dossier de Wideline Jean-Charles est ouvert.", ["Jean-Charles"]),
    # A full name typed in lower case in a chat.
    ("en", "can someone call back fatima abdullahi musa? she is waiting at the gate", ["fatima abdullahi musa"]),
    ("fr", "rappelle aminata moussa ag mohamed stp", ["aminata moussa ag mohamed"]),
]


@pytest.mark.parametrize("language,text,names", NAMES)
def test_names_written_as_field_staff_write_them(language, text, names):
    findings = found(text, language)
    for name in names:
        assert any(kind == "person_name" and name in value for kind, value in findings), (name, findings)


NOT_NAMES = [
    # A list of organisations or places is no list of names, even after a person's name.
    ("en", "Partners: Amina Yusuf Hassan, Terre des Hommes, Mercy Corps."),
    ("fr", "Visites : Fatuma Bakari, Kalemie Port, Moba Plage."),
    # A capital letter ending a sentence, a document's part, a town with a saint's name.
    ("en", "Give the children vitamin A. Mothers should come back in a month."),
    ("en", "See annex B. Budget lines are in the table."),
    ("fr", "Adresse : Q. Kasika-Nord, av. Mapendo n° 12, Goma."),  # a quarter (quartier) before its avenue
    ("en", "Report outline: A. Context, B. Findings, C. Recommendations."),  # an outline's lettered headings
    ("fr", "Axe 2 : A. Prévention des violences"),
    ("es", "Asistentes: Luisa Fernanda Ortiz, Bienestar Familiar, Cruz Roja Colombiana."),  # an agency in the list
    ("fr", "Le bureau de Saint-Louis et celui de Port-au-Prince sont fermés."),
    # Lower-case words that are also names, or a single name, are no full name.
    ("en", "we need more grace and hope in this work"),
    ("es", "hablamos con josé mañana sobre la visita"),
]


@pytest.mark.parametrize("language,text", NOT_NAMES)
def test_look_alikes_of_names_are_left_alone(language, text):
    findings = found(text, language)
    private = ("Amina Yusuf Hassan", "Fatuma Bakari", "Luisa Fernanda Ortiz")
    assert not [value for kind, value in findings if kind == "person_name" and value not in private], findings
