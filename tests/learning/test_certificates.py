"""Certificates: issued once per completed enrolment, drawn as a PDF in the member's language (Arabic shaped),
verified publicly by code (revoked and forged codes refused), revoked by officers, published as Open Badges."""

import hashlib
import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.roles import Role
from cphelpdesk.learning import certificate_pdf, certificates
from cphelpdesk.learning.models import Certificate, Enrolment, PathwayTranslation
from tests.factories import MemberFactory, staff_with_mfa
from tests.learning.helpers import completed, pathway

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The PDF's text as a reader copies it, presentation forms folded back to letters."""
    return unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_issue_is_idempotent_and_audited_once():
    enrolment = completed()
    first = certificates.issue(enrolment)
    again = certificates.issue(enrolment)
    assert first.pk == again.pk
    assert certificates.is_well_formed(first.code)
    assert AuditEntry.objects.filter(action="certificate.issued", target_id=str(first.pk)).count() == 1


def test_issue_takes_a_row_made_already():
    enrolment = completed()
    made = Certificate.objects.create(enrolment=enrolment, language="fr")
    assert certificates.issue(enrolment).pk == made.pk
    assert enrolment.certificates.count() == 1


def test_issue_after_revocation_makes_a_new_certificate():
    enrolment = completed()
    first = certificates.issue(enrolment)
    certificates.revoke(first, actor=staff_with_mfa(Role.OFFICER), reason="Issued to the wrong person")
    second = certificates.issue(enrolment)
    assert second.pk != first.pk and second.is_valid


def test_no_certificate_before_completion():
    enrolment = completed()
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ACTIVE)
    with pytest.raises(ValueError):
        certificates.issue(enrolment)
    assert not Certificate.objects.exists()


def test_the_check_character_catches_typing_errors():
    code = certificates.new_code()
    assert certificates.is_well_formed(code)
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    for position in range(len(code)):
        for other in alphabet:
            if other != code[position]:
                assert not certificates.is_well_formed(code[:position] + other + code[position + 1:])
    for position in range(len(code) - 1):
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2:]
        assert swapped == code or not certificates.is_well_formed(swapped)
    assert certificates.normalise(" " + certificates.display_code(code).lower() + " ") == code


@pytest.mark.parametrize(("language", "title", "name"), [
    ("en", "New CP coordinator", "Aminata Diallo"),
    ("fr", "Nouvelle coordinatrice ou nouveau coordinateur PE", "Aminata Diallo"),
    ("es", "Nueva coordinación de PI", "María Fernández"),
    ("ar", "منسق حماية الطفل الجديد", "سامي حداد"),
])
def test_the_pdf_is_in_the_members_language(language, title, name):
    path = pathway()
    if language != "en":
        PathwayTranslation.objects.create(pathway=path, language=language, title=title)
    enrolment = completed(path=path, full_name=name, preferred_language=language)
    certificate = certificates.issue(enrolment)
    data = certificate_pdf.pdf(certificate)
    text = pdf_text(data)
    assert name in text
    assert title in text
    assert certificates.display_code(certificate.code) in text
    if language == "ar":
        raw = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        # Shaped: the letters are drawn in their joined forms (Arabic presentation forms), not isolated.
        assert any("\ufe70" <= char <= "\ufeff" for char in raw)
        fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"].values()
        assert any("Amiri" in font.get_object()["/BaseFont"] for font in fonts)  # embedded, with Arabic glyphs


def test_the_pdf_draws_arabic_right_to_left():
    enrolment = completed(full_name="سامي حداد", preferred_language="ar")
    data = certificate_pdf.pdf(certificates.issue(enrolment))
    positions = []

    def visit(text, cm, tm, font, size):
        if "حداد" in unicodedata.normalize("NFKC", text)[::-1] or "حداد" in unicodedata.normalize("NFKC", text):
            positions.append(tm[4])

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    assert positions  # the name was drawn, centred on the landscape page
    assert 200 < positions[0] < 600


def _verify(client, code, **extra):
    return client.get(reverse("learning_documents:verify"), {"code": code}, **extra)


def test_verification_shows_name_pathway_and_date_only(client):
    enrolment = completed(full_name="Aminata Diallo", email="aminata@example.org")
    certificate = certificates.issue(enrolment)
    response = _verify(client, certificates.display_code(certificate.code).lower())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Aminata Diallo" in page and "New CP coordinator" in page and "is valid" in page
    assert "aminata@example.org" not in page


def test_a_revoked_code_is_refused(client):
    certificate = certificates.issue(completed(full_name="Aminata Diallo"))
    certificates.revoke(certificate, actor=staff_with_mfa(Role.OFFICER), reason="Obtained by fraud")
    response = _verify(client, certificate.code)
    page = response.content.decode()
    assert response.status_code == 404
    assert "revoked" in page and "Aminata Diallo" not in page and "fraud" not in page


def test_a_forged_code_is_refused_and_a_typo_told_apart(client):
    certificate = certificates.issue(completed())
    forged = certificates.new_code()
    response = _verify(client, forged)
    assert response.status_code == 404 and "did not issue it" in response.content.decode()
    typo = certificate.code[:3] + ("A" if certificate.code[3] != "A" else "B") + certificate.code[4:]
    response = _verify(client, typo)
    assert response.status_code == 404 and "Check that you typed it" in response.content.decode()


def test_verification_is_rate_limited(client):
    code = certificates.issue(completed()).code
    for _attempt in range(certificates.LOOKUPS_PER_WINDOW):
        assert _verify(client, code).status_code == 200
    response = _verify(client, code)
    assert response.status_code == 429 and "Too many codes" in response.content.decode()
    assert _verify(client, code, REMOTE_ADDR="192.0.2.7").status_code == 200  # another address is not held


def test_the_empty_form_is_public(client):
    response = client.get(reverse("learning_documents:verify"))
    assert response.status_code == 200 and 'name="code"' in response.content.decode()


@pytest.mark.parametrize(("who", "expected"), [
    ("owner", 200), ("other member", 404), ("officer", 200), ("manager", 200), ("expert", 404),
])
def test_who_downloads_a_certificate(client, who, expected):
    enrolment = completed()
    certificate = certificates.issue(enrolment)
    people = {"owner": lambda: enrolment.member, "other member": MemberFactory,
              "officer": lambda: staff_with_mfa(Role.OFFICER), "manager": lambda: staff_with_mfa(Role.MANAGER),
              "expert": lambda: staff_with_mfa(Role.EXPERT)}
    client.force_login(people[who]())
    response = client.get(reverse("learning_documents:certificate_pdf", args=[certificate.code]))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_a_visitor_is_sent_to_log_in_and_a_revoked_certificate_is_not_handed_out(client):
    enrolment = completed()
    certificate = certificates.issue(enrolment)
    url = reverse("learning_documents:certificate_pdf", args=[certificate.code])
    assert client.get(url).status_code == 302
    certificates.revoke(certificate, actor=staff_with_mfa(Role.OFFICER), reason="Wrong pathway")
    client.force_login(enrolment.member)
    assert client.get(url).status_code == 404


def test_my_certificates(client):
    assert client.get(reverse("learning_documents:my_certificates")).status_code == 302  # log in first
    enrolment = completed()
    certificate = certificates.issue(enrolment)
    certificates.issue(completed())  # someone else's
    client.force_login(enrolment.member)
    page = client.get(reverse("learning_documents:my_certificates")).content.decode()
    assert certificates.display_code(certificate.code) in page
    assert page.count("certificate.pdf") == 1


@pytest.mark.parametrize(("role", "expected"), [(Role.OFFICER, 302), (Role.MANAGER, 302), (Role.MEMBER, 403),
                                                (Role.EXPERT, 403), (Role.FOCAL_POINT, 403)])
def test_who_revokes(client, role, expected):
    certificate = certificates.issue(completed())
    actor = MemberFactory(roles=[role]) if role == Role.MEMBER else staff_with_mfa(role)
    client.force_login(actor)
    response = client.post(reverse("learning_documents:revoke_certificate", args=[certificate.code]),
                           {"reason": "Issued in error"})
    assert response.status_code == expected
    certificate.refresh_from_db()
    assert certificate.is_valid == (expected != 302)
    if expected == 302:
        assert certificate.revocation_reason == "Issued in error" and certificate.revoked_by == actor
        entry = AuditEntry.objects.get(action="certificate.revoked")
        assert entry.actor == actor and entry.details["reason"] == "Issued in error"


def test_revoking_needs_a_reason(client):
    certificate = certificates.issue(completed())
    client.force_login(staff_with_mfa(Role.OFFICER))
    client.post(reverse("learning_documents:revoke_certificate", args=[certificate.code]), {"reason": "  "})
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_officers_find_certificates(client):
    certificate = certificates.issue(completed(full_name="Aminata Diallo"))
    certificates.issue(completed(full_name="Someone Else"))
    client.force_login(staff_with_mfa(Role.OFFICER))
    page = client.get(reverse("learning_documents:staff_certificates"), {"q": "aminata"}).content.decode()
    assert certificates.display_code(certificate.code) in page and "Someone Else" not in page
    client.force_login(MemberFactory())
    assert client.get(reverse("learning_documents:staff_certificates")).status_code == 403


def test_open_badges_assertion_badge_class_and_issuer(client):
    enrolment = completed(email="Aminata@Example.org")
    certificate = certificates.issue(enrolment)
    certificates.issue(completed(path=enrolment.pathway))  # a badge class is one, however many earned it
    assertion = client.get(reverse("learning_documents:badge_assertion", args=[certificate.code])).json()
    assert assertion["@context"] == "https://w3id.org/openbadges/v2" and assertion["type"] == "Assertion"
    assert assertion["id"].endswith(reverse("learning_documents:badge_assertion", args=[certificate.code]))
    assert assertion["verification"] == {"type": "HostedBadge"}
    recipient = assertion["recipient"]
    expected = hashlib.sha256(("aminata@example.org" + recipient["salt"]).encode()).hexdigest()
    assert recipient["hashed"] and recipient["identity"] == f"sha256${expected}"
    assert "Aminata" not in str(assertion)
    badge = client.get(reverse("learning_documents:badge_class", args=[enrolment.pathway.slug])).json()
    assert assertion["badge"] == badge["id"] and badge["type"] == "BadgeClass" and badge["name"]
    assert client.get(reverse("learning_documents:badge_image",
                              args=[enrolment.pathway.slug]))["Content-Type"] == "image/svg+xml"
    issuer = client.get(reverse("learning_documents:badge_issuer")).json()
    assert badge["issuer"] == issuer["id"] and issuer["type"] == "Issuer"


def test_a_revoked_badge_is_gone_and_an_unearned_badge_class_unseen(client):
    certificate = certificates.issue(completed())
    certificates.revoke(certificate, actor=staff_with_mfa(Role.OFFICER), reason="Issued in error")
    response = client.get(reverse("learning_documents:badge_assertion", args=[certificate.code]))
    assert response.status_code == 410 and response.json()["revoked"] is True
    draft = pathway(slug="draft", is_published=False)
    assert client.get(reverse("learning_documents:badge_class", args=[draft.slug])).status_code == 404
