"""Glossary expansion: acronyms and their meanings in any language find each other.

The glossary is the project's reference data: the taxonomy data migration loads it, and `load_reference` (run
here too) creates anything missing.
"""

import pytest
from django.core.management import call_command

from cphelpdesk.search import glossary
from cphelpdesk.search.engine import search
from cphelpdesk.taxonomy.models import GlossaryTerm
from tests.search.conftest import EVERYTHING, doc, found

pytestmark = pytest.mark.django_db


@pytest.fixture
def uasc_documents(indexed, filler):
    call_command("load_reference", verbosity=0)
    assert GlossaryTerm.objects.filter(term__in=["UASC", "MHPSS", "CPMS", "FTR"]).count() == 4
    indexed(
        doc(1, "Interim care", "Guidance on unaccompanied and separated children in transit centres."),
        doc(2, "Prise en charge", "Les enfants non accompagnés et séparés ont besoin d'une prise en charge.",
            language="fr"),
        doc(3, "Atención", "La niñez no acompañada y separada en la frontera.", language="es"),
        doc(4, "UASC in Mali", "Case management for UASC in Mopti."),
        doc(5, "ملاحظة", "الأطفال غير المصحوبين والمنفصلين في المخيمات", language="ar"),
        doc(6, "Unaccompanied minors", "Unaccompanied minors crossing borders."),  # not the whole meaning
    )


def test_an_acronym_finds_its_meaning_in_every_language(uasc_documents):
    assert sorted(found("UASC")) == [1, 2, 3, 4, 5]
    assert sorted(found("uasc")) == [1, 2, 3, 4, 5]


def test_the_meaning_finds_the_acronym(uasc_documents):
    results = search("unaccompanied and separated children", scopes=EVERYTHING, per_page=100)
    ids = [hit.object_id for hit in results.hits]
    # The sixth has only some of the words, not the meaning: it follows, as a loosened result.
    assert sorted(ids[:5]) == [1, 2, 3, 4, 5] and ids[5:] == [6] and results.loosened


def test_a_french_query_finds_an_english_resource_about_uasc(uasc_documents):
    results = found("enfants non accompagnés")
    assert 4 in results and 1 in results
    assert 2 in results  # and the French one, by its own words


def test_a_quoted_phrase_only_expands_a_whole_meaning(uasc_documents):
    assert 4 not in found('"enfants non accompagnés"')
    assert 4 in found('"enfants non accompagnés et séparés"')


@pytest.mark.parametrize(("term", "text", "language"), [
    ("MHPSS", "Mental health and psychosocial support in schools.", "en"),
    ("MHPSS", "Santé mentale et soutien psychosocial dans les écoles.", "fr"),
    ("MHPSS", "Les activités SMSPS dans les écoles.", "fr"),
    ("CPMS", "The Minimum Standards for Child Protection in Humanitarian Action, 2019 edition.", "en"),
    ("CPMS", "Les standards minimums pour la protection de l'enfance dans l'action humanitaire.", "fr"),
    ("CPMS", "Formation aux SMPE pour les partenaires.", "fr"),
    ("FTR", "Family tracing and reunification after the floods.", "en"),
    ("FTR", "Búsqueda y reunificación familiar tras las inundaciones.", "es"),
    ("FTR", "Les activités de RTF ont repris.", "fr"),
])
def test_reference_glossary_terms(indexed, filler, term, text, language):
    indexed(doc(1, "Note", text, language=language))
    assert found(term) == [1]


def test_acronyms_in_documents_must_be_written_as_acronyms(indexed, filler):
    indexed(doc(1, "Bank cards", "Enter your pin at the machine."), doc(2, "HNO", "The PiN figures per district."))
    assert found("people in need") == [2]


def test_a_glossary_change_is_seen_at_once(indexed, filler, glossary_changes):
    indexed(doc(1, "Zebra", "An extra yellow zebra walk was organised."))
    assert found("XYZW") == []
    GlossaryTerm.objects.create(term="XYZW", expansion="extra yellow zebra walk")
    indexed(doc(1, "Zebra", "An extra yellow zebra walk was organised."))  # re-indexed after the change
    assert found("XYZW") == [1]
    GlossaryTerm.objects.filter(term="XYZW").delete()
    assert "zzglxyzw" not in {concept for concept, _forms, _texts in glossary.matcher().entries}


def test_concept_tokens_and_variants():
    assert glossary.concept_token("UASC") == "zzgluasc"
    assert glossary.concept_token("M&E") == "zzglmande"
    assert glossary.concept_token("CPIMS+") != glossary.concept_token("CP IMS")
    forms, texts = glossary.variants("UASC", ["enfants non accompagnés et séparés (ENA/ES)",
                                               "niñez no acompañada y separada (NNA no acompañados)"])
    assert forms == [("UASC",), ("ENA", "ES")]
    assert sorted(texts) == ["NNA no acompañados", "enfants non accompagnés et séparés",
                             "niñez no acompañada y separada"]


def test_a_portuguese_meaning_finds_the_acronym_and_the_other_languages(indexed, filler):
    indexed(doc(1, "MHPSS", "MHPSS referral map for the district.", language="en"),
            doc(2, "Note", "Saúde mental e apoio psicossocial nas escolas.", language="pt"),
            doc(3, "Note", "Santé mentale et soutien psychosocial (SMSPS) à l'école.", language="fr"))
    assert sorted(found("saúde mental e apoio psicossocial")) == [1, 2, 3]
    assert sorted(found("MHPSS")) == [1, 2, 3]


def test_a_french_acronym_in_a_meaning_finds_the_concept(indexed, filler):
    indexed(doc(1, "Release", "Reintegration of children associated with armed forces or armed groups.", language="en"),
            doc(2, "Note", "Les EAFGA libérés reçoivent une prise en charge.", language="fr"))
    assert sorted(found("EAFGA")) == [1, 2]
    assert sorted(found("CAAFAG")) == [1, 2]


def test_a_meaning_in_another_order_finds_the_acronym(indexed, filler):
    indexed(doc(1, "Nota", "Crianças separadas e desacompanhadas na fronteira.", language="pt"),
            doc(2, "Transit", "Separated and unaccompanied children in transit centres."),
            doc(3, "Note", "Les enfants séparés ou non accompagnés.", language="fr"))
    assert sorted(found("UASC")) == [1, 2, 3]
    assert sorted(found("unaccompanied and separated children")) == [1, 2, 3]


def test_a_document_saying_most_of_a_long_meaning_finds_the_acronym(indexed, filler):
    indexed(doc(1, "Nota", "Los niños no acompañados y separados en la frontera.", language="es"))
    assert found("UASC") == [1]
    assert found("enfants non accompagnés et séparés") == [1]


def test_a_document_saying_two_words_of_a_three_word_meaning_does_not_stand_for_it(indexed, filler):
    # "child protection" is one of "child protection in emergencies" (CPIE) three words.
    indexed(doc(1, "Teams", "Child protection teams met in the capital."),
            doc(2, "Floods", "Child protection in emergencies after the floods."))
    assert found("CPIE") == [2]


def test_a_query_saying_a_meaning_in_another_order_finds_other_languages(indexed, filler):
    indexed(doc(1, "Prise en charge", "Les enfants non accompagnés et séparés ont besoin d'une prise en charge.",
                language="fr"),
            doc(2, "ملاحظة", "الأطفال غير المصحوبين والمنفصلين في المخيمات", language="ar"))
    assert sorted(found("separated and unaccompanied children")) == [1, 2]


@pytest.mark.parametrize(("text", "language", "query"), [
    ("Responding to the worst forms of child labour in emergencies.", "en", "trabalho infantil"),
    ("الصحة النفسية والدعم النفسي الاجتماعي للأطفال", "ar", "santé mentale"),
])
def test_a_query_saying_half_of_a_meaning_finds_it_in_another_language(indexed, filler, text, language, query):
    indexed(doc(1, "Note", text, language=language))
    assert found(query) == [1]


@pytest.mark.parametrize(("text", "language", "query"), [
    ("Birth registration in emergencies: mobile civil registry teams in the camps.", "en", "registro de nacimientos"),
    ("Ending child marriage in displacement camps.", "en", "mariage d'enfants"),
    ("Les transferts monétaires et la protection de l'enfance au Niger.", "fr", "cash transfers"),
    ("Los Principios de París y la reintegración de la niñez.", "es", "ما هي مبادئ باريس؟"),
    ("Recrutar famílias de acolhimento em emergências.", "pt", "foster care"),
    ("الرعاية البديلة للأطفال في المخيمات", "ar", "alternative care"),
])
def test_a_concept_without_an_acronym_finds_its_meaning_in_another_language(indexed, filler, text, language, query):
    call_command("load_reference", verbosity=0)
    indexed(doc(1, "Note", text, language=language))
    assert found(query) == [1]


def test_a_term_that_is_a_phrase_is_a_meaning_not_an_acronym():
    forms, texts = glossary.variants("Birth registration", ["birth registration", "registro de nacimientos"])
    assert forms == []
    assert texts == ["Birth registration", "registro de nacimientos"]  # the English meaning repeats the term
    assert glossary.variants("Paris Principles", ["Principes de Paris"]) == ([], ["Paris Principles",
                                                                              "Principes de Paris"])
    assert glossary.variants("PiN", ["people in need"])[0] == [("PiN",)]
    assert glossary.variants("M&E", ["suivi et évaluation (S&E)"])[0] == [("M", "E"), ("S", "E")]


def test_a_phrase_term_is_found_in_documents_in_any_case(indexed, filler, glossary_changes):
    GlossaryTerm.objects.create(term="Zebra crossing", expansion="zebra crossing", expansion_fr="passage piéton")
    indexed(doc(1, "Roads", "Every zebra crossing near the school was repainted."),
            doc(2, "Routes", "Le passage piéton devant l'école.", language="fr"),
            doc(3, "ROADS", "ZEBRA CROSSING WORKS"))
    assert sorted(found("passage piéton")) == [1, 2, 3]
    assert sorted(found("Zebra crossing")) == [1, 2, 3]


def test_another_languages_function_words_do_not_make_half_a_meaning():
    # Every meaning is also analysed in the other languages, where "con" is a word like any other.
    matcher = glossary.GlossaryMatcher.from_rows([("Children with disabilities", ["niños y niñas con discapacidad"])])
    languages = ("en", "fr", "es", "ar", "pt")

    def concepts(text):
        return [sorted(match.concepts) for match in matcher.query_matches(text.split(), languages)]

    assert concepts("reunificar a los niños con sus familias") == []
    assert concepts("niños con discapacidad") == [["zzglchildrenwithdisabilities"]]


@pytest.mark.parametrize(("query", "text", "language"), [
    ("protection de l'enfance", "CP sub-cluster meeting notes.", "en"),  # "l'enfance" is one item of the query
    ("child-friendly space", "Un espace ami des enfants dans le camp.", "fr"),
])
def test_a_compound_in_a_query_is_read_with_the_words_around_it(indexed, filler, query, text, language):
    indexed(doc(1, "Note", text, language=language))
    assert found(query) == [1]


def test_a_meaning_said_whole_in_any_order_is_told_from_a_part_of_it():
    matcher = glossary.GlossaryMatcher.from_rows([("Kite festival safety", ["kite festival safety"])])
    languages = ("en", "fr", "es", "ar", "pt")

    def matches(text):
        return [(sorted(match.concepts), match.whole) for match in matcher.query_matches(text.split(), languages)]

    assert matches("kite festival safety") == [(["zzglkitefestivalsafety"], True)]
    assert matches("safety at the kite festival") == [(["zzglkitefestivalsafety"], True)]
    assert matches("kite festival tickets") == [(["zzglkitefestivalsafety"], False)]  # two of its three words


def test_a_loosened_query_counts_a_meaning_for_the_words_that_say_it(indexed, filler, glossary_changes):
    # No note has every word of "zebra crossing lanterns", so notes with some of them are listed. The French note
    # holds the meaning of two of its words ("passage piéton"), the English one a third word only: the French
    # note comes first, as an English note saying "zebra crossing" would.
    GlossaryTerm.objects.create(term="Zebra crossing", expansion="zebra crossing", expansion_fr="passage piéton")
    indexed(doc(1, "Note", "Le passage piéton devant le marché.", language="fr"),
            doc(2, "Note", "Lanterns in front of the market."))
    results = search("zebra crossing lanterns", scopes=EVERYTHING)
    assert [hit.object_id for hit in results.hits] == [1, 2] and results.loosened
