"""Analysis: each language's stemming, accent and case folding, Arabic normalisation, stop words."""

import random
import re

import pytest

from cphelpdesk.search import analysis
from tests.search.conftest import doc, found

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "written", "searched"), [
    ("en", "Protecting children in armed conflict", "protection"),
    ("en", "Child protection in armed conflict", "protecting"),
    ("fr", "Un enfant sur trois", "enfants"),
    ("fr", "Les enfants déplacés", "enfant"),
    ("es", "Los niños refugiados", "niño"),
    ("es", "Un niño refugiado", "niños"),
    ("pt", "As crianças deslocadas", "criança"),
    ("pt", "Uma criança deslocada", "crianças"),
])
def test_each_language_finds_other_forms_of_a_word(indexed, language, written, searched):
    indexed(doc(1, "Note", written, language=language), doc(2, "Other", "Nothing related here", language=language))
    assert found(searched) == [1]
    assert found(searched, language=language) == [1]


def test_a_query_in_french_finds_french_documents_without_being_told_its_language(indexed):
    indexed(doc(1, "Rapport", "La protection des enfants réfugiés", language="fr"),
            doc(2, "Report", "Water points in the camp", language="en"))
    assert found("enfant réfugié") == [1]
    assert found("enfant réfugié", language="fr") == [1]


@pytest.mark.parametrize("searched", [
    "الأطفال", "الاطفال", "أطفال", "اطفال", "الأَطْفَالُ", "الإطفال", "اطفال", "ألأطفال",
])
def test_arabic_with_and_without_diacritics_and_alef_variants(indexed, searched):
    indexed(doc(1, "تقرير", "حماية الأطفال في حالات الطوارئ", language="ar"),
            doc(2, "Other", "Water points", language="en"))
    assert found(searched) == [1], searched


def test_arabic_article_prefix_and_feminine_ending(indexed):
    indexed(doc(1, "ملاحظة", "إدارة الحالة للطفل", language="ar"), doc(2, "Other", "Water points"))
    assert found("طفل") == [1]  # ال and the preposition ل are prefixes
    assert found("الحالة") == [1]
    assert found("حالة") == [1]
    assert found("الحاله") == [1]  # ه typed for ة
    assert found("ادارة") == [1]


@pytest.mark.parametrize(("written", "searched"), [
    ("إحالة الأطفال إلى الخدمات", "إحالات"),  # the plural without the article finds the singular
    ("الإحالات إلى الخدمات", "إحالات"),  # and the plural with it
    ("إحالات الأطفال", "الإحالة"),
    ("مجموعات العمل", "مجموعة"),
])
def test_arabic_plural_in_at_finds_the_singular_and_the_article(indexed, written, searched):
    indexed(doc(1, "ملاحظة", written, language="ar"), doc(2, "Other", "Water points"))
    assert found(searched) == [1], (written, searched)
    assert found(searched, language="ar") == [1], (written, searched)


@pytest.mark.parametrize(("written", "searched"), [
    ("O trabalho infantil nas cidades", "infantis"),
    ("Os maus tratos infantis", "infantil"),
    ("As políticas nacionais de proteção", "nacional"),
])
def test_portuguese_plurals_of_al_and_il_find_the_singular(indexed, written, searched):
    indexed(doc(1, "Nota", written, language="pt"), doc(2, "Other", "Water points"))
    assert found(searched) == [1]
    assert found(searched, language="pt") == [1]


def test_arabic_indic_digits_and_tatweel(indexed):
    indexed(doc(1, "تقرير ٢٠٢٤", "الحمـــاية", language="ar"), doc(2, "Report 2023", "Nothing", language="en"))
    assert found("2024") == [1]
    assert found("الحماية") == [1]


@pytest.mark.parametrize("searched", ["REUNIFICATION", "réunification", "Réunification", "reunification"])
def test_accents_and_case_are_folded(indexed, searched):
    indexed(doc(1, "Guide", "La Réunification familiale", language="fr"), doc(2, "Other", "Nothing"))
    assert found(searched) == [1]


def test_accents_typed_or_not_in_spanish_and_portuguese(indexed):
    indexed(doc(1, "Niñez", "NIÑOS y NIÑAS", language="es"), doc(2, "Proteção", "proteção social", language="pt"))
    assert found("ninos") == [1]
    assert found("protecao") == [2]
    assert found("PROTEÇÃO") == [2]


@pytest.mark.parametrize(("written", "searched"), [
    ("Demobilization of children released from armed groups", "demobilising"),
    ("Organising community-based child protection", "organization"),
    ("Preventing child labor in the home", "labour"),
    ("Behavioural problems after displacement", "behavioral"),
    ("A parenting programme for caregivers", "program"),
    ("Analysing the situation of children", "analyze"),
])
def test_british_and_american_spellings_find_each_other(indexed, written, searched):
    indexed(doc(1, "Note", written), doc(2, "Other", "Nothing related here"))
    assert found(searched) == [1]
    assert found(searched, language="en") == [1]


def test_words_that_only_look_british_keep_their_families(indexed):
    indexed(doc(1, "Supervision", "Supervision of caseworkers"), doc(2, "Hours", "Opening hours of the office"))
    assert found("supervising") == [1]
    assert found("hour") == [2]


def test_stop_words_do_not_have_to_match(indexed):
    indexed(doc(1, "Guide", "protection de l'enfance", language="fr"), doc(2, "Other", "the children"))
    assert found("protection de la enfance") == [1]
    assert found("the") == []  # nothing left to search for


def test_analysis_functions():
    assert analysis.tokens("l'enfant, child-friendly 2024!") == ["l", "enfant", "child", "friendly", "2024"]
    assert analysis.terms("Les enfants séparés", "fr") == ["enfant", "separ"]
    assert analysis.prepare("Ñandú") == "nandu"
    assert analysis.finish(analysis.prepare("إدارةٌ")) == "اداره"
    assert analysis.term("the", "en") is None
    assert "enfant" in analysis.query_alternatives("enfants")
    assert analysis.query_alternatives("enfants", "fr") == {"enfants", "enfant"}
    assert analysis.normalise_language("fr-CA") == "fr" and analysis.normalise_language("de") == ""
    assert analysis.detect_language("Les enfants de la ville et les écoles") == "fr"
    assert analysis.detect_language("حماية الأطفال في حالات الطوارئ") == "ar"
    assert analysis.detect_language("the children of the city and their schools") == "en"


def test_words_are_the_longest_runs_of_letters_digits_and_marks():
    # TOKEN_RE takes runs of each kind whole, for speed: it must find exactly what the plain one-character-at-a-time
    # pattern finds, on text mixing letters, digits, underscores, marks (listed and not), punctuation and spaces.
    plain = re.compile(rf"(?:[^\W_]|[{analysis.COMBINING_MARKS}])+")
    alphabet = ("aZéß9_ -'.,()\n\t\u00a0ñ" "\u0300\u0301\u036f\u0483\u05b0"  # Latin, marks listed and not
                "\u0627\u0644\u0629\u0660\u0640\u064b\u0650\u065f\u0670\u06d6\u06ed\u08d3\u08ff"  # Arabic
                "\u4e2d\u00bd\u2460\U0001d400")
    rng = random.Random(13)
    for _ in range(3_000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 40)))
        assert analysis.TOKEN_RE.findall(text) == plain.findall(text), text
    for text in ("Café au lait", "الْأَطْفَال والإحالة", "CPIMS+ UASC_2024 x\u0301y"):
        assert analysis.TOKEN_RE.findall(text) == plain.findall(text)
