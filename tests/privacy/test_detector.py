"""The personal-data detector: every kind in every language, the look-alikes it must leave alone, redaction."""

import dataclasses

import pytest
from django.utils import translation

from cphelpdesk.detection.detector import Finding, _merge, find_personal_data, placeholder, redact
from cphelpdesk.detection.numbers import protected_spans

pytestmark = pytest.mark.django_db  # the detector reads the administrators' custom patterns

# (language, kind, text, the span expected)
CASES = [
    ("en", "child_name_age", "We are following Amina, 14 years old, since March.", "Amina, 14 years old"),
    ("en", "person_name", "The caregiver is Mrs. Halima Yusuf from Maiduguri.", "Halima Yusuf"),
    ("en", "phone", "Call her on +234 803 123 4567 please.", "+234 803 123 4567"),
    ("en", "email", "Write to halima.yusuf72@gmail.com today.", "halima.yusuf72@gmail.com"),
    ("en", "case_id", "CPIMS+ case no. 4521 was closed.", "4521"),
    ("en", "gps", "Last seen at 21.2049, 92.1551 near the river.", "21.2049, 92.1551"),
    ("en", "national_id", "National ID number: 19850412345678.", "19850412345678"),
    ("en", "passport", "His passport number is P4829103.", "P4829103"),
    ("en", "location", "They live in Camp 4, Block C, shelter 12 now.", "Camp 4, Block C, shelter 12"),
    ("fr", "child_name_age", "Nous suivons Jean (12 ans) depuis mars.", "Jean (12 ans)"),
    ("fr", "person_name", "La fillette s'appelle Mariam Coulibaly.", "Mariam Coulibaly"),
    ("fr", "phone", "Joindre la mère au 099 123 4567 le soir.", "099 123 4567"),
    ("fr", "email", "Écrire à aicha.traore@yahoo.fr pour le suivi.", "aicha.traore@yahoo.fr"),
    ("fr", "case_id", "Dossier n° 2023/CP/0457 transmis au juge.", "2023/CP/0457"),
    ("fr", "gps", "Coordonnées : latitude 12,3714 ; longitude -1,5197.", "latitude 12,3714 ; longitude -1,5197"),
    ("fr", "national_id", "Carte d'identité nationale n° 123456789012.", "123456789012"),
    ("fr", "passport", "Son passeport n° 19AB12345 est perdu.", "19AB12345"),
    ("fr", "location", "La famille vit dans la tente 23, bloc B du site.", "tente 23, bloc B"),
    ("es", "child_name_age", "María de 9 años llegó sola a Cúcuta.", "María de 9 años"),
    ("es", "person_name", "El niño se llama Brayan Andrés Gómez.", "Brayan Andrés Gómez"),
    ("es", "phone", "Su teléfono es 300 123 4567.", "300 123 4567"),
    ("es", "email", "Correo de la madre: yoli.perez85@hotmail.com.", "yoli.perez85@hotmail.com"),
    ("es", "case_id", "Caso nº 2024-0312 remitido al ICBF.", "2024-0312"),
    ("es", "gps", "Ubicación: 10°29'N, 66°52'W, sector La Pastora.", "10°29'N, 66°52'W"),
    ("es", "national_id", "Cédula de ciudadanía 1.023.456.789 de la madre.", "1.023.456.789"),
    ("es", "passport", "Pasaporte número AB1234567, venezolano.", "AB1234567"),
    ("es", "location", "Dirección: Calle 45 # 12-34, Bogotá.", "Calle 45 # 12-34"),
    ("pt", "child_name_age", "João, 10 anos, foi separado da família.", "João, 10 anos"),
    ("pt", "person_name", "A tia, D. Albertina Macuácua, ligou ontem.", "Albertina Macuácua"),
    ("pt", "phone", "Contacto: +258 84 123 4567.", "+258 84 123 4567"),
    ("pt", "email", "E-mail da mãe: ana.mussa1990@gmail.com.", "ana.mussa1990@gmail.com"),
    ("pt", "case_id", "Registado no processo n.º 045/2024/SDSMAS.", "045/2024/SDSMAS"),
    ("pt", "gps", "Coordenadas GPS: -19.8436, 34.8389 (Beira).", "-19.8436, 34.8389"),
    ("pt", "national_id", "O número do BI é 110100123456A.", "110100123456A"),
    ("pt", "passport", "O passaporte n.º 12AB34567 ficou em casa.", "12AB34567"),
    ("pt", "location", "Endereço: Rua da Paz, nº 123, Maputo.", "Rua da Paz, nº 123"),
    ("ar", "child_name_age", "الطفلة فاطمة البالغة من العمر 12 عامًا في المخيم.", "فاطمة البالغة من العمر 12 عامًا"),
    ("ar", "person_name", "اسمه يوسف إبراهيم ويعيش في دمشق.", "يوسف إبراهيم"),
    ("ar", "phone", "رقم الأم ٠٧٧٠١٢٣٤٥٦٧ للتواصل.", "٠٧٧٠١٢٣٤٥٦٧"),
    ("ar", "email", "البريد الإلكتروني: ahmad.khalil88@gmail.com", "ahmad.khalil88@gmail.com"),
    ("ar", "case_id", "رقم الحالة 4521 لدى الشريك.", "4521"),
    ("ar", "gps", "الإحداثيات: 15.3694 شمالاً، 44.1910 شرقاً", "15.3694 شمالاً، 44.1910 شرقاً"),
    ("ar", "national_id", "رقم الهوية الوطنية ٩٨٧٦٥٤٣٢١٠ مفقود.", "٩٨٧٦٥٤٣٢١٠"),
    ("ar", "passport", "رقم جواز السفر N1234567 صادر عن بغداد.", "N1234567"),
    ("ar", "location", "تقيم الأسرة في مخيم الزعتري، القطاع 5، الكرفان رقم 12.",
     "مخيم الزعتري، القطاع 5، الكرفان رقم 12"),
]


@pytest.mark.parametrize("language_given", [True, False], ids=["with-language", "without-language"])
@pytest.mark.parametrize(("language", "kind", "text", "expected"), CASES,
                         ids=[f"{case[0]}-{case[1]}" for case in CASES])
def test_each_kind_is_found_in_each_language(language, kind, text, expected, language_given):
    findings = find_personal_data(text, language if language_given else None)
    assert [(finding.kind, finding.text) for finding in findings] == [(kind, expected)]
    finding = findings[0]
    assert text[finding.start:finding.end] == finding.text and 0 < finding.confidence <= 1


LOOK_ALIKES = [
    ("en", "According to CPMS 2019 Standard 13, case management needs a case plan; see also Standard 18."),
    ("en", "Indicator CP-1.2.3 and indicator 4.1 measure the share of children reached (aged 10-17)."),
    ("en", "Our query CPH-2026-00123 was answered on 14 March 2026, see page 12 and pp. 34-36."),
    ("en", "The budget is USD 250,000 for 2024-2025, of which 35% goes to case management."),
    ("en", "Please write to info@cpaor.net, contact@unicef.org, office@nrc.no or noreply@alliancecpha.org."),
    ("en", "The meeting moved from 03/04/2025 to 2025-04-10 at 10:30; grant 4500012345 covers it."),
    ("en", "With grace and patience, Save the Children trained 30 facilitators in 12 provinces."),
    ("fr", "La requête CPH-2026-00045 porte sur un budget de 1 200 000 FCFA pour 2025, soit 15 % du total."),
    ("fr", "Selon la norme 13 des SMPE (édition 2019), voir la page 45 et l'indicateur 18.1."),
    ("fr", "Écrivez à contact@cpaor.org ou à helpdesk@cphelpdesk.localhost ; réunion le 12/03/2024 à 10h00."),
    ("es", "Según el estándar 13 de las NMPI, el presupuesto es de 1.500.000.000 COP para 2024-2026."),
    ("es", "Los niños de 6 a 17 años representan el 45 % de los 3 200 desplazados; escriba a contacto@unicef.org."),
    ("es", "Con paz y esperanza, Santiago de Chile acogió el taller regional de 2024 (p. 23)."),
    ("pt", "Segundo o padrão 13 (edição 2019), o orçamento é de R$ 250.000,00 para 2024-2026, anexo 3."),
    ("pt", "Crianças de 6 a 17 anos representam 52 % dos 15 000 deslocados; escreva para info@unicef.org."),
    ("ar", "وفقًا للمعيار 13 من المعايير الدنيا (إصدار 2019)، انظر أيضًا المؤشر 4.1 والصفحة 22."),
    ("ar", "الاستفسار CPH-2026-00099 يتعلق بميزانية قدرها 250,000 دولار لعام 2025، أي 20% من المجموع."),
    ("ar", "تبلغ الميزانية ١٬٢٠٠٬٠٠٠ ريال يمني للفترة ٢٠٢٤-٢٠٢٦؛ نحتاج إلى بيئة آمنة للأطفال في عمر 12 سنة."),
]


@pytest.mark.parametrize(("language", "text"), LOOK_ALIKES)
def test_look_alikes_are_not_personal_data(language, text):
    assert find_personal_data(text, language) == []
    assert find_personal_data(text) == []


def test_a_date_alone_is_not_a_birth_date_but_a_birth_date_is():
    assert find_personal_data("The meeting is on 03/04/2012.") == []
    assert [(f.kind, f.text) for f in find_personal_data("Child born 03/04/2012, referred today.")] == [
        ("child_name_age", "born 03/04/2012")]


def test_ages_without_a_name_are_not_personal_data():
    assert find_personal_data("A 14-year-old girl and boys aged 12 to 17 attended.", "en") == []


def test_digits_of_other_scripts_are_read_and_offsets_point_into_the_original():
    text = "هاتف: ۰۷۹۹۱۲۳۴۵۶ (Persian digits)"
    [finding] = find_personal_data(text, "ar")
    assert finding.kind == "phone" and finding.text == "۰۷۹۹۱۲۳۴۵۶" == text[finding.start:finding.end]


def test_the_helpdesks_own_domain_is_not_personal(settings):
    settings.HELPDESK_EMAIL = "desk@cp-helpdesk.org"
    settings.DEFAULT_FROM_EMAIL = "CP Helpdesk <desk@cp-helpdesk.org>"
    assert find_personal_data("Write to amina.officer@cp-helpdesk.org or esaro.cp@unicef.org.") == []
    assert [f.text for f in find_personal_data("Write to amina.diallo@gmail.com.")] == ["amina.diallo@gmail.com"]


def test_overlapping_findings_merge_under_the_more_specific_kind():
    findings = find_personal_data("Her passport number 0812345678 was taken.", "en")
    assert [(f.kind, f.text) for f in findings] == [("passport", "0812345678")]
    findings = find_personal_data("Nous suivons Amina Diallo, 14 ans, à Mopti.", "fr")
    assert [(f.kind, f.text) for f in findings] == [("child_name_age", "Amina Diallo, 14 ans")]


def test_merge_takes_the_union_and_the_highest_priority_kind():
    text = "0123456789abcdef"
    merged = _merge(text, [("person_name", 0, 6, 0.6), ("phone", 4, 10, 0.7), ("email", 12, 16, 0.9)])
    assert merged == [Finding("phone", text[0:10], 0, 10, 0.7), Finding("email", text[12:16], 12, 16, 0.9)]


def test_findings_come_in_order_and_are_frozen():
    findings = find_personal_data("Mr. Deng Garang, tel 0912 345 678, email deng.garang@gmail.com", "en")
    assert [f.kind for f in findings] == ["person_name", "phone", "email"]
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        findings[0].kind = "phone"
    assert find_personal_data("") == []


def test_redact_replaces_each_finding_with_its_placeholder():
    text = "Amina, 14 years old, tel +243 81 234 5678, lives in Camp 4, Block C, shelter 12."
    assert redact(text, find_personal_data(text, "en")) == (
        "[name and age removed], tel [phone number removed], lives in [location removed].")


def test_redact_speaks_the_readers_language_and_skips_overlaps():
    text = "Appeler le +243 81 234 5678."
    findings = find_personal_data(text, "fr")
    with translation.override("fr"):
        redacted = redact(text, [*findings, Finding("person_name", text[11:14], 11, 14)])
    assert redacted == f"Appeler le {placeholder_in('fr', 'phone')}."
    assert "[" in redacted and "+243" not in redacted


def placeholder_in(language: str, kind: str) -> str:
    with translation.override(language):
        return placeholder(kind)


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_placeholders_are_translated(language):
    assert placeholder_in(language, "phone") != placeholder_in("en", "phone")


def test_an_amount_starts_where_its_digits_start():
    """The amount rule only tries a number from its first digit, so a hostile run of digits is read once (bench
    privacy times it), and amounts still protect their numbers from being taken for phones or IDs."""
    text = "Budget: 1 250 000 USD, 35 % reached; 98765432109876 is not money."
    spans = {text[start:end] for start, end in protected_spans(text)}
    assert "1 250 000 USD" in spans and "35 %" in spans
    assert not any(span.startswith(("250", "50 000", "5 %")) for span in spans)
    assert find_personal_data("1" * 40_000, "en") == []
    assert find_personal_data(" ".join(["123"] * 10_000), "en") == []


@pytest.mark.django_db
def test_a_text_read_again_gives_the_same_findings_until_the_custom_patterns_change():
    """The worker reads a new question up to three times; the later readings reuse the first, but never past
    a change to the administrators' patterns."""
    from cphelpdesk.privacy.models import CustomPattern

    text = "The tracing code blue-river-7731 belongs to the family of Amina, 14 years old."
    first = find_personal_data(text, "en")
    again = find_personal_data(text, "en")
    assert again == first and again is not first
    # What it keeps to answer again names nobody: nothing of it outlives an erasure.
    from cphelpdesk.detection.detector import _RECENT

    assert "Amina" not in repr(_RECENT.entries) and "blue-river" not in repr(_RECENT.entries)
    assert [finding.text for finding in first] == ["Amina, 14 years old"]
    CustomPattern.objects.create(name="Tracing code", kind="tracing_code", regex=r"blue-river-\d{4}")
    assert "blue-river-7731" in [finding.text for finding in find_personal_data(text, "en")]
