"""Topics and glossary loaded from the project's data, shown in the reader's language."""

from importlib import import_module

import pytest
from django.urls import reverse
from django.utils import translation

from cphelpdesk.taxonomy.models import GlossaryTerm, Topic
from cphelpdesk.taxonomy.reference import read_rows

pytestmark = pytest.mark.django_db


def test_topic_hierarchy():
    assert Topic.objects.count() == len(read_rows("topics.csv"))
    ftr = Topic.objects.get(code="THEM.FTR")
    assert ftr.parent.code == "THEM.UASC" and ftr.parent.parent.code == "THEM"
    assert Topic.objects.get(code="THEM.CAAFAG").sensitive
    assert not Topic.objects.get(code="AME").sensitive
    with translation.override("fr"):
        assert Topic.objects.get(code="CAPB").localized_name == "Renforcement des capacités"
    with translation.override("ar"):
        assert Topic.objects.get(code="CAPB").localized_name == Topic.objects.get(code="CAPB").name_ar != ""


def test_glossary_terms_with_translations():
    uasc = GlossaryTerm.objects.get(term="UASC")
    assert uasc.expansion == "unaccompanied and separated children"
    assert "enfants non accompagnés" in uasc.expansion_fr
    assert uasc.topic.code == "THEM.UASC"
    assert uasc.expansion_pt == "crianças desacompanhadas e separadas"
    assert len(uasc.expansions) == 5  # English, French, Spanish, Arabic and Portuguese
    assert all(term.expansion_pt for term in GlossaryTerm.objects.all())
    assert GlossaryTerm.objects.count() == len(read_rows("glossary.csv"))


def test_glossary_page_in_spanish(client):
    client.cookies["django_language"] = "es"
    page = client.get(reverse("taxonomy:glossary")).content.decode()
    assert "niñez no acompañada y separada" in page
    assert "Fortalecimiento de capacidades" in page


def test_glossary_page_in_english_does_not_repeat_a_concept_s_own_name(client):
    """A concept named by its English wording ("Birth registration") shows its other wordings, or else its
    meaning in the other languages, each marked with its language; an acronym shows its meaning."""
    client.cookies["django_language"] = "en"
    page = client.get(reverse("taxonomy:glossary")).content.decode()
    assert '<dt lang="en">Birth registration</dt><dd><span lang="fr" dir="auto">enregistrement des naissances</span>' \
        in page
    assert '<dt lang="en">Foster care</dt><dd>foster families</dd>' in page
    assert '<dt lang="en">UASC</dt><dd>unaccompanied and separated children</dd>' in page
    with translation.override("fr"):
        assert GlossaryTerm.objects.get(term="Birth registration").localized_expansion == \
            "enregistrement des naissances; déclaration des naissances"


def test_topic_tree_nests_children_under_their_parent():
    from cphelpdesk.taxonomy.selectors import topic_tree

    tree = topic_tree()
    assert [topic.code for topic in tree][:2] == ["AME", "CAPB"]
    them = next(topic for topic in tree if topic.code == "THEM")
    uasc = next(topic for topic in them.subtopics if topic.code == "THEM.UASC")
    assert [topic.code for topic in uasc.subtopics] == ["THEM.FTR"]


def test_concepts_without_an_acronym_are_in_the_glossary():
    birth = GlossaryTerm.objects.get(term="Birth registration")
    assert "registro de nacimientos" in birth.expansion_es
    assert "تسجيل المواليد" in birth.expansion_ar
    assert GlossaryTerm.objects.get(term="Paris Principles").expansion_fr == "Principes de Paris"
    with translation.override("fr"):
        assert "mariage d'enfants" in GlossaryTerm.objects.get(term="CEFM").localized_expansion


def test_reworded_meanings_reach_a_database_unless_an_administrator_edited_them():
    from django.apps import apps

    from cphelpdesk.taxonomy.reference import reword_glossary

    shipped = import_module("cphelpdesk.taxonomy.migrations.0004_glossary_concepts").SHIPPED
    GlossaryTerm.objects.filter(term="CVA").update(expansion=shipped["CVA"]["expansion"],
                                                   expansion_es=shipped["CVA"]["expansion_es"])
    GlossaryTerm.objects.filter(term="CEFM").update(expansion="child marriage (edited)")
    reword_glossary(apps, shipped)
    cva = GlossaryTerm.objects.get(term="CVA")
    assert "cash transfers" in cva.expansion and "transferencias monetarias" in cva.expansion_es
    assert GlossaryTerm.objects.get(term="CEFM").expansion == "child marriage (edited)"
