"""Certificates of completed pathways: issuing, the PDF in the member's language, public verification by code,
revocation by an officer.

The code is 12 random characters from an alphabet without look-alikes (about 59 bits: not guessable) and a
check character (a weighted sum modulo 31), so that the verification page tells a mistyped code ("check what you typed")
from one that was never issued: one wrong character or two neighbours swapped always break the check. It is
shown in groups of four (`ABCD-EFGH-JKMN-P`); dashes, spaces and case are ignored when it is typed.

The PDF is drawn when it is downloaded, from the row (`learning.certificate_pdf`), so a revoked certificate is
never handed out again and no copy of the member's name is kept in storage.
"""

import secrets

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from cphelpdesk.core import audit
from cphelpdesk.core.models import AuditEntry
from cphelpdesk.learning.models import Certificate, Enrolment, Pathway
from cphelpdesk.learning.models.progress import CODE_ALPHABET

RANDOM_LENGTH = 12
ISSUED = "certificate.issued"


def _check_character(payload: str) -> str:
    """The character that makes the weighted sum of the code (weights 2, 3, ... for the payload and 1 for
    itself) a multiple of 31, the alphabet's size: a prime, so every single substitution and every swap of
    two neighbours changes the sum and is caught."""
    total = sum((weight + 2) * CODE_ALPHABET.index(char) for weight, char in enumerate(payload))
    return CODE_ALPHABET[-total % len(CODE_ALPHABET)]


def new_code() -> str:
    """A fresh verification code with its check character."""
    payload = "".join(secrets.choice(CODE_ALPHABET) for _i in range(RANDOM_LENGTH))
    return payload + _check_character(payload)


def normalise(typed: str) -> str:
    """A typed code without dashes, spaces or case."""
    return "".join((typed or "").split()).replace("-", "").upper()


def is_well_formed(code: str) -> bool:
    """Whether a (normalised) code could be one of ours: right length, alphabet and check character."""
    return (len(code) == RANDOM_LENGTH + 1 and all(char in CODE_ALPHABET for char in code)
            and _check_character(code[:-1]) == code[-1])


def display_code(code: str) -> str:
    """The code in groups of four, as printed."""
    return "-".join(code[start:start + 4] for start in range(0, len(code), 4))


def pathway_title(pathway: Pathway, language: str) -> str:
    """The pathway's title in `language` where it was translated."""
    if language != pathway.language:
        translation_row = next((row for row in pathway.translations.all() if row.language == language), None)
        if translation_row:
            return translation_row.title
    return pathway.title


def issue(enrolment: Enrolment, *, actor=None) -> Certificate:
    """The certificate of a completed enrolment: made if it has none valid, and recorded in the audit log once.

    Idempotent: calling it again for the same enrolment returns the same certificate; a row the caller created
    already (with the model's default code, which has no check character) is taken as it is. The member hears
    of it in the pathway's completion mail; the PDF is drawn when downloaded (`pdf`).
    """
    with transaction.atomic():
        # Serialises two completions of one enrolment (a quiz and a review accepted at the same moment).
        enrolment = Enrolment.objects.select_for_update().select_related("member").get(pk=enrolment.pk)
        if enrolment.status != Enrolment.Status.COMPLETED:
            raise ValueError("Only a completed enrolment earns a certificate.")
        certificate = enrolment.certificates.filter(revoked_at__isnull=True).first()
        if certificate is None:
            certificate = Certificate.objects.create(enrolment=enrolment, code=new_code(),
                                                     language=enrolment.member.preferred_language)
        recorded = AuditEntry.objects.filter(action=ISSUED, target_type=Certificate._meta.label_lower,
                                             target_id=str(certificate.pk)).exists()
        if not recorded:
            audit.record(actor=actor, action=ISSUED, target=certificate, enrolment=enrolment.pk)
    return certificate


def revoke(certificate: Certificate, *, actor, reason: str) -> Certificate:
    """An officer withdraws a certificate (issued in error, or obtained by fraud); the reason is kept and the
    code is refused from then on."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("A revocation needs a reason.")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is None:
            certificate.revoked_at = timezone.now()
            certificate.revoked_by = actor
            certificate.revocation_reason = reason
            certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
            audit.record(actor=actor, action="certificate.revoked", target=certificate, reason=reason)
    return certificate


class Verdict:
    """What the public page says about a typed code."""

    VALID = "valid"
    REVOKED = "revoked"
    MISTYPED = "mistyped"  # fails the check character: most likely a typing error
    UNKNOWN = "unknown"  # well formed, yet never issued: forged or invented


def verify(typed: str) -> tuple[str, Certificate | None]:
    """(verdict, certificate) for a code as typed; the certificate only when valid or revoked."""
    code = normalise(typed)
    certificate = (Certificate.objects.select_related("enrolment__member", "enrolment__pathway")
                   .prefetch_related("enrolment__pathway__translations").filter(code=code).first()
                   if code else None)
    if certificate is not None:
        return (Verdict.VALID if certificate.is_valid else Verdict.REVOKED), certificate
    return (Verdict.UNKNOWN if is_well_formed(code) else Verdict.MISTYPED), None


# Public look-ups per client address: enough for an employer checking a pile of certificates, too few to try
# codes at random (59 bits would take longer than the universe anyway; this keeps the page cheap).
LOOKUPS_PER_WINDOW = 30
WINDOW_SECONDS = 10 * 60


def lookup_allowed(client_address: str) -> bool:
    """Count one look-up from `client_address`; False once it has made LOOKUPS_PER_WINDOW in the window."""
    key = f"cph:certificate-lookups:{client_address}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= LOOKUPS_PER_WINDOW
