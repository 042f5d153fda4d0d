"""Language detection for mail from people the helpdesk does not know yet."""

import pytest

from cphelpdesk.core.languages import detect_language


@pytest.mark.parametrize(("text", "language"), [
    ("Dear colleagues, could you share the terms of reference for a sub-national group? Thank you", "en"),
    ("Bonjour, nous cherchons un modèle de termes de référence pour le groupe de coordination. Merci", "fr"),
    ("Hola, ¿tienen una guía para la coordinación de la protección de la niñez en emergencias? Gracias", "es"),
    ("Olá, vocês têm um modelo de termos de referência para o grupo de coordenação? Obrigada", "pt"),
    ("السلام عليكم، هل لديكم دليل لتنسيق حماية الطفل في حالات الطوارئ؟ شكرا", "ar"),
])
def test_each_language_of_the_helpdesk_is_recognised(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "CPMS 2019", "12345 ???", "OK"])
def test_too_little_to_tell_gives_the_default(text):
    assert detect_language(text, default="en") == "en"
    assert detect_language(text) is None


def test_every_language_list_reads_the_one_in_core_languages(settings):
    from django.utils import translation

    from cphelpdesk.core import languages
    from cphelpdesk.detection import detector
    from cphelpdesk.library.models import RESOURCE_LANGUAGES
    from cphelpdesk.queries.actions.intake import QUERY_LANGUAGES
    from cphelpdesk.queries.forms import LANGUAGE_CHOICES
    from cphelpdesk.search import analysis

    assert [code for code, _name in settings.LANGUAGES] == ["en", "fr", "es", "ar"]
    assert [code for code, _name in LANGUAGE_CHOICES] == [code for code, _name in RESOURCE_LANGUAGES] == [
        "en", "fr", "es", "ar", "pt"]
    assert set(QUERY_LANGUAGES) == set(analysis.LANGUAGES) == set(detector.LANGUAGES) == set(languages.CODES)
    with translation.override("fr"):
        assert dict(LANGUAGE_CHOICES)["pt"] == "Portugais" and dict(settings.LANGUAGES)["es"] == "Espagnol"
    assert dict(RESOURCE_LANGUAGES)["ar"] == "العربية"


def test_search_and_the_detector_fold_text_the_same_way():
    from cphelpdesk.core.languages import fold
    from cphelpdesk.detection.text import name_key
    from cphelpdesk.search.analysis import prepare

    assert fold("Activités ÉTÉ") == "activites ete"
    assert prepare("Activités") == name_key("Activités") == fold("Activités") == "activites"
