"""Country names across languages (search.places), and "did you mean" against a correct word the index lacks."""

import pytest

from cphelpdesk.search import places
from cphelpdesk.search.engine import search
from tests.search.conftest import EVERYTHING, doc, found

pytestmark = pytest.mark.django_db

UKRAINE_EN = ("Child protection in the Ukraine refugee response", "Children fleeing the war in Ukraine crossed into "
              "Poland and Moldova; many were separated from their caregivers at the border.")
BRAZIL_PT = ("Crianças desacompanhadas no Brasil", "Orientações para o acolhimento de crianças e adolescentes "
             "desacompanhados que chegam ao Brasil pela fronteira norte.")
SOUTH_SUDAN_EN = ("Case management in South Sudan", "Caseworkers in South Sudan follow up children at risk.")
SUDAN_EN = ("Case management in Sudan", "Caseworkers in Sudan follow up children at risk.")


@pytest.mark.parametrize(("searched", "language"), [
    ("Ucrania", "es"), ("niños refugiados de Ucrania", "es"), ("Ucrânia", "pt"), ("أوكرانيا", "ar"),
    ("réfugiés d'Ukraine", "fr"),
])
def test_a_country_named_in_another_language_finds_the_document(indexed, filler, searched, language):
    indexed(doc(1, *UKRAINE_EN), doc(2, "Child protection in emergencies", "Children fleeing the war."))
    for given in (None, language):
        assert found(searched, language=given)[:1] == [1], (searched, given)


def test_an_english_query_finds_the_portuguese_document_about_brazil(indexed, filler):
    indexed(doc(1, *BRAZIL_PT, language="pt"),
            doc(2, "Reception guidance", "Children arriving alone are received at the border."))
    assert found("unaccompanied children Brazil")[:1] == [1]
    assert found("Brazil", language="en") == [1]
    assert found("البرازيل") == [1]


def test_an_arabic_name_after_a_proclitic_is_the_country(indexed, filler):
    indexed(doc(1, "الأطفال غير المصحوبين", "وصل الأطفال إلى الحدود بالبرازيل وللبرازيل", language="ar"))
    assert found("Brasil") == [1]


def test_the_longest_name_wins(indexed, filler):
    indexed(doc(1, *SOUTH_SUDAN_EN), doc(2, *SUDAN_EN))
    assert found("Sudán del Sur")[:1] == [1]  # "sur" is also French for "on": "Sudan" alone comes second
    assert found("Soudan du Sud") == [1]
    assert found("جنوب السودان") == [1]
    assert found("Soudan") == [2]


def test_an_ordinary_word_is_not_a_country(indexed, filler):
    # "مالي" is Mali and "financial"; "turkey" in lower case is the bird; "Réunion" is also a meeting.
    indexed(doc(1, "الدعم النقدي", "تقديم دعم مالي للأسر", language="ar"),
            doc(2, "Holiday menu", "The turkey was roasted for the staff party."),
            doc(3, "Réunion de coordination", "Compte rendu de la réunion du groupe de travail.", language="fr"))
    assert found("Mali") == []
    assert found("Turquía") == []
    assert list(places.matches(["Réunion", "de", "coordination"], strict_case=True)) == []


def test_the_country_is_highlighted_in_the_other_language(indexed, filler):
    indexed(doc(1, *UKRAINE_EN))
    results = search("Ucrania", scopes=EVERYTHING)
    assert "<mark>Ukraine</mark>" in results.hits[0].title_html


def test_a_correct_word_the_index_lacks_is_offered_for_correction_not_rewritten(indexed, filler):
    # "المجندين" (recruited) is a correct word no document holds; "المعنيين" (concerned) is two letters away. The
    # other words find the documents about children in armed groups: those are shown, the correction only offered.
    indexed(doc(1, "الأطفال المرتبطون بالقوات المسلحة", "الأطفال في الجماعات المسلحة يحتاجون إلى الدعم", language="ar"),
            doc(2, "تقرير", "الأطفال المعنيين في الجماعات المسلحة", language="ar"))
    results = search("الأطفال المجندين في الجماعات المسلحة", scopes=EVERYTHING, autocorrect=True)
    assert not results.corrected and results.loosened
    assert results.suggestion == "الأطفال المعنيين في الجماعات المسلحة"
    assert {1, 2} <= {hit.object_id for hit in results.hits}
    # With nothing else to show, a misspelt word is still corrected.
    corrected = search("المعنيبن", scopes=EVERYTHING, autocorrect=True)
    assert corrected.corrected and [hit.object_id for hit in corrected.hits] == [2]
