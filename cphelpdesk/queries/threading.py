"""Threading tokens: our mail carries a per-query token in its reply address and Message-ID, so that
answers find their query. The token is an HMAC of the reference: unguessable, and it survives mail
servers that lower-case addresses."""

import re
import uuid

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "cphelpdesk.mail.thread"
TOKEN = re.compile(r"(cph-\d{4}-\d{4,})-([0-9a-f]{16})", re.I)


def token_for(reference: str) -> str:
    reference = reference.lower()
    return f"{reference}-{salted_hmac(SALT, reference).hexdigest()[:16]}"


def references_in(*values: str) -> list[str]:
    """Query references whose valid tokens appear in these strings (addresses, Message-IDs)."""
    found = []
    for value in values:
        for reference, signature in TOKEN.findall(value or ""):
            if constant_time_compare(token_for(reference)[-16:], signature.lower()):
                found.append(reference.upper())
    return list(dict.fromkeys(found))


def reply_address(reference: str) -> str:
    """helpdesk+<token>@domain: replies come back to the gateway already tied to their query."""
    local, _, domain = settings.HELPDESK_EMAIL.partition("@")
    return f"{local}+{token_for(reference)}@{domain}"


def message_id(reference: str) -> str:
    domain = settings.HELPDESK_EMAIL.partition("@")[2] or "cphelpdesk.localhost"
    return f"<{token_for(reference)}.{uuid.uuid4().hex[:12]}@{domain}>"


def query_headers(reference: str, *, auto: bool = False) -> dict[str, str]:
    """Headers for mail about a query: our Message-ID, the reply address, and RFC 3834 marking."""
    headers = {"Message-ID": message_id(reference), "Reply-To": reply_address(reference)}
    if auto:
        headers["Auto-Submitted"] = "auto-replied"
    return headers


REFERRAL_TOKEN = re.compile(r"ref-(\d{1,12})-([0-9a-f]{16})", re.I)


def referral_token_for(referral_id: int) -> str:
    return f"ref-{referral_id}-{salted_hmac(SALT, f'referral:{referral_id}').hexdigest()[:16]}"


def referrals_in(*values: str) -> list[int]:
    """Ids of referrals whose valid tokens appear in these strings."""
    found = []
    for value in values:
        for referral_id, signature in REFERRAL_TOKEN.findall(value or ""):
            if constant_time_compare(referral_token_for(int(referral_id))[-16:], signature.lower()):
                found.append(int(referral_id))
    return list(dict.fromkeys(found))


def referral_headers(referral_id: int) -> dict[str, str]:
    """A referral mail's reply address and Message-ID: the recipient can simply answer it."""
    local, _, domain = settings.HELPDESK_EMAIL.partition("@")
    token = referral_token_for(referral_id)
    return {"Message-ID": f"<{token}.{uuid.uuid4().hex[:12]}@{domain or 'cphelpdesk.localhost'}>",
            "Reply-To": f"{local}+{token}@{domain}"}
