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
