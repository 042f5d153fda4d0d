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
