"""Open Badges 2.0 with hosted verification: a certificate as a badge a member adds to a profile elsewhere
(a backpack such as Badgr/Canvas Credentials, LinkedIn through one).

Three public JSON-LD documents, each at the URL that is its `id` (docs/learning_documents.md):
- the issuer's profile, `/certificates/badges/issuer.json`;
- a pathway's badge class, `/certificates/badges/<pathway>.json`, with its image (`.svg`);
- a certificate's assertion, `/certificates/<code>/badge.json`. The recipient is the member's address hashed
  with a salt (`sha256$...`): the address is not published, yet a backpack that knows it can match it. A revoked
  certificate's assertion answers 410 Gone with `revoked: true`, as hosted verification expects.

Open Badges 3.0 credentials are W3C Verifiable Credentials that must carry a cryptographic proof; hosted 2.0
assertions need none and every backpack still imports them, so 2.0 is what is published.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils.html import escape

from cphelpdesk.core.notifications import absolute_url
from cphelpdesk.learning.models import Certificate, Pathway

CONTEXT = "https://w3id.org/openbadges/v2"


def issuer() -> dict:
    """The helpdesk as the issuer of every badge."""
    return {"@context": CONTEXT, "type": "Issuer", "id": absolute_url("learning_documents:badge_issuer"),
            "name": "CP Helpdesk", "url": settings.HELPDESK_BASE_URL.rstrip("/") + "/",
            "email": settings.HELPDESK_EMAIL}


def badge_class(pathway: Pathway) -> dict:
    """A pathway's badge: what completing it means."""
    return {"@context": CONTEXT, "type": "BadgeClass",
            "id": absolute_url("learning_documents:badge_class", slug=pathway.slug),
            "name": pathway.title, "description": pathway.summary or pathway.title,
            "image": absolute_url("learning_documents:badge_image", slug=pathway.slug),
            "criteria": {"narrative": f"Completed every step of the learning pathway “{pathway.title}”."},
            "issuer": absolute_url("learning_documents:badge_issuer"), "tags": ["child protection", "coordination"]}


def _salt(certificate: Certificate) -> str:
    # Stable per certificate (the assertion must not change between reads), unknown to anyone without the key.
    return hmac.new(settings.SECRET_KEY.encode(), f"badge-salt:{certificate.code}".encode(),
                    hashlib.sha256).hexdigest()[:16]


def assertion(certificate: Certificate) -> dict:
    """A certificate as a hosted Open Badges 2.0 assertion (its revocation, once revoked)."""
    url = absolute_url("learning_documents:badge_assertion", code=certificate.code)
    if not certificate.is_valid:
        return {"@context": CONTEXT, "type": "Assertion", "id": url, "revoked": True}
    salt = _salt(certificate)
    identity = hashlib.sha256((certificate.enrolment.member.email.lower() + salt).encode()).hexdigest()
    return {"@context": CONTEXT, "type": "Assertion", "id": url,
            "recipient": {"type": "email", "hashed": True, "salt": salt, "identity": f"sha256${identity}"},
            "badge": absolute_url("learning_documents:badge_class", slug=certificate.enrolment.pathway.slug),
            "verification": {"type": "HostedBadge"},
            "issuedOn": certificate.issued_at.isoformat(),
            "evidence": absolute_url("learning_documents:verify") + f"?code={certificate.code}"}


def image(pathway: Pathway) -> str:
    """A plain SVG medal with the pathway's title, the badge's image."""
    title = escape(pathway.title[:40])
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">'
            '<circle cx="128" cy="128" r="120" fill="#1f5f8b"/><circle cx="128" cy="128" r="100" fill="#fff"/>'
            '<text x="128" y="112" font-family="sans-serif" font-size="22" text-anchor="middle" '
            'fill="#1f5f8b">CP Helpdesk</text>'
            f'<text x="128" y="148" font-family="sans-serif" font-size="13" text-anchor="middle" '
            f'fill="#222">{title}</text></svg>')
