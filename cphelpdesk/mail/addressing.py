"""Which desk a message was addressed to: it decides who looks after that mail while it belongs to no query."""

import email.policy
from email.parser import BytesHeaderParser

from django.conf import settings

from cphelpdesk.directory.models import Desk
from cphelpdesk.mail.parsing import ADDRESS, clean_header
from cphelpdesk.queries.models import Query, Referral
from cphelpdesk.queries.threading import references_in, referrals_in

RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")


def addressed_desk_id(*, raw: bytes, envelope_to=()) -> int | None:
    """The desk of the query whose thread token the message carries (or of the referral it answers);
    else the desk whose own address it was sent to; else, for mail to the helpdesk's general address,
    the global desk. None when no desk is addressed (only managers then look after it)."""
    addresses = [address.lower() for address in (*envelope_to, *_header_recipients(raw))]
    for reference in references_in(*addresses):
        desk_id = Query.objects.filter(reference=reference).values_list("desk_id", flat=True).first()
        if desk_id:
            return desk_id
    for referral_id in referrals_in(*addresses):
        desk_id = Referral.objects.filter(pk=referral_id).values_list("query__desk_id", flat=True).first()
        if desk_id:
            return desk_id
    desks = list(Desk.objects.values_list("pk", "email", "is_global"))
    for pk, address, _is_global in desks:
        if address and address.lower() in addresses:
            return pk
    general = settings.HELPDESK_EMAIL.lower()
    local, _at, domain = general.partition("@")
    if any(address == general or (address.startswith(f"{local}+") and address.endswith(f"@{domain}"))
           for address in addresses):
        return next((pk for pk, _address, is_global in desks if is_global), None)
    return None


def _header_recipients(raw: bytes) -> list[str]:
    """Recipient addresses from the header block only (the message may be too broken to parse whole)."""
    try:
        headers = BytesHeaderParser(policy=email.policy.compat32).parsebytes(bytes(raw[:65536]))
    except Exception:
        return []
    return [address for name in RECIPIENT_HEADERS for value in headers.get_all(name) or []
            for address in ADDRESS.findall(clean_header(str(value)))]
