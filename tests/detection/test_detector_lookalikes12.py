"""The detector on look-alikes of session 12's fourth round (kin words and honorifics before a name, names with an
age after "…-year-old" or set off by a comma, landmarks in another language, tables pasted with their header),
found by an independent review: firms, institutions, songs, funds, a document's parts, ordinary English words that
are French landmarks, and a table's statistics, groups and service lines. Each look-alike beside its private
counterpart, which stays found."""

import pytest

from cphelpdesk.detection.detector import find_personal_data

pytestmark = pytest.mark.django_db  # the detector reads the administrators' custom patterns


def texts(text: str, language: str | None, kind: str) -> list[str]:
    return [finding.text for finding in find_personal_data(text, language) if finding.kind == kind]


NAMES = [
    ("en", "Uncle Juma Hassan came back yesterday.", "Juma Hassan"),
    ("en", "Uncle Sam Okello came back yesterday.", "Sam Okello"),
    ("en", "her mother, Nyamal Gai, is sick.", "Nyamal Gai"),
    ("en", "The aunt, Grace Auma went home.", "Grace Auma"),
    ("en", "Contact: Alhaji Musa Bello at the market.", "Musa Bello"),
    ("en", "Mzee Kombo Ali asked about the boy.", "Kombo Ali"),
    ("en", "Bwana Juma asked about the boy.", "Juma"),
    # A role after the institution's word: a person and her post.
    ("en", "Call Grace Auma Policy Officer at the district.", "Grace Auma"),
]


@pytest.mark.parametrize("language,text,name", NAMES)
def test_names_after_kin_words_and_honorifics_are_found(language, text, name):
    assert any(name in value for value in texts(text, language, "person_name"))


NOT_NAMES = [
    # A firm or a book named after a personification, or its owner.
    ("en", "Uncle Sam Publishing printed the guide."),
    ("en", "Uncle Tom's Cabin is a novel."),
    # After a comma a new clause starts, in capitals as a heading writes it.
    ("en", "Criteria: head of household, Female Headed Households are prioritised."),
    # An institution named after someone, its word after the name.
    ("en", "The Alhaji Aliko Dangote Foundation funded the school."),
    ("en", "Mother Teresa Hospital is in Kolkata."),
    ("en", "The flight lands at Mallam Aminu Kano International Airport."),
    ("en", "The rally is at Alhaji Tafawa Balewa Square."),
    # "Bwana" is also an ordinary word: a lone word after it that the names list does not know is no name.
    ("en", "Bwana Harusi is a Swahili song."),
]


@pytest.mark.parametrize("language,text", NOT_NAMES)
def test_firms_institutions_headings_and_songs_are_not_names(language, text):
    assert texts(text, language, "person_name") == []


AGES = [
    ("en", "The 8-year-old Oksana Melnyk came with her aunt.", "Oksana Melnyk"),
    ("en", "We met the head of household, Tendai Moyo, 15.", "Tendai Moyo, 15"),
    ("en", "Item 2: case 0381 (Kahindo Furaha, 11) closed after reunification.", "Kahindo Furaha, 11"),
]


@pytest.mark.parametrize("language,text,part", AGES)
def test_names_with_ages_are_found(language, text, part):
    assert any(part in value for value in texts(text, language, "child_name_age"))


NO_AGES = [
    # A fund's, a plan's or a programme's name after "…-year-old".
    ("en", "The 5-year-old Education Cannot Wait fund closes in June."),
    ("en", "The 4-year-old Sahel Resilience Plan was renewed."),
    ("en", "The 10-year-old Syria Response Plan was renewed."),
    ("en", "the 3-year-old programme ends in May."),
    # A document's part and its number in a reference.
    ("en", "See the table (Guidance Note, 4)."),
    ("en", "See the steps (Step Two, 3)."),
    ("en", "See (Annex, 2) for details."),
]


@pytest.mark.parametrize("language,text", NO_AGES)
def test_funds_plans_and_references_are_not_names_with_ages(language, text):
    assert texts(text, language, "child_name_age") == []


def test_a_landmark_in_another_language_counts_when_written_as_a_name():
    assert texts("She sleeps on the first floor above Tienda La Económica, Calle 9.", "en", "location") \
        == ["first floor above Tienda"]
    assert texts("la maison près de la station", "fr", "location") == ["maison près de la station"]


@pytest.mark.parametrize("text", ["The shelter next to the station is full.", "the house near the terrain"])
def test_english_words_that_are_french_landmarks_are_not_locations(text):
    assert texts(text, "en", "location") == []


def test_a_childs_row_is_found_beside_groups_and_statistics():
    text = "Child | Age\nUnaccompanied | 12\nSeparated | 14\nAkello Grace | 9\nAverage | 12\nTotal | 47"
    assert texts(text, "en", "child_name_age") == ["Akello Grace | 9"]


@pytest.mark.parametrize("text", [
    "Name | Age\nAverage | 12\nMedian age | 11",
    "Child | Age\nSeparated girls | 14\nUnaccompanied boys | 12",
])
def test_tables_of_statistics_and_groups_name_no_one(text):
    assert find_personal_data(text, "en") == []


def test_in_a_table_a_phone_is_personal_only_in_a_persons_row():
    text = "Country | Name | Phone\nKenya | Nairobi Office | +254 20 7621234\nKenya | Wanjiru Kamau | +254 20 7625678"
    assert texts(text, "en", "phone") == ["+254 20 7625678"]
    assert texts("Country | Name | Phone\nKenya | Nairobi Office | +254 20 7621234", "en", "phone") == []
