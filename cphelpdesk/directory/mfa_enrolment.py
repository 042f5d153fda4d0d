"""Proof of the mailbox before a staff account's first authenticator.

With two-factor authentication required for staff, whoever holds a staff password before its owner has set up
an authenticator could otherwise set up their own and keep the account. So a staff account without an
authenticator sets one up only from a session that has also proven the account's mailbox: a one-time code,
mailed to the account's address, typed back in the same session within CODE_VALID_SECONDS, MAX_ATTEMPTS
tries at most. The code is kept only as a hash in that session, and the mail is sent at once through allauth
(like password-reset mail), not through the outbox that staff can read.
"""

import hashlib
import hmac
import secrets
import time

from allauth.account.adapter import get_adapter
from allauth.mfa.utils import is_mfa_enabled
from django.core.cache import cache

from cphelpdesk.core import audit

CODE_DIGITS = 8
CODE_VALID_SECONDS = 15 * 60
MAX_ATTEMPTS = 5
# Codes one account may be sent in SENDING_WINDOW_SECONDS (the mailbox must not be flooded).
MAX_CODES_SENT = 3
SENDING_WINDOW_SECONDS = 60 * 60
PENDING_KEY = "cph_mfa_enrolment_code"
PROVEN_KEY = "cph_mfa_mailbox_proven"


def needs_mailbox_proof(request) -> bool:
    """Whether the logged-in account must prove its mailbox before adding an authenticator: staff accounts
    that have none yet, in a session that has not proven it."""
    user = request.user
    return (user.is_authenticated and user.is_helpdesk_staff and not is_mfa_enabled(user)
            and request.session.get(PROVEN_KEY) != user.pk)


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def send_code(request) -> bool:
    """Mail a new code to the account's address and keep its hash in this session (replacing any earlier
    one); False when the account has had its MAX_CODES_SENT for now."""
    member = request.user
    sent_key = f"cph:mfa-enrolment-sent:{member.pk}"
    cache.add(sent_key, 0, SENDING_WINDOW_SECONDS)
    if cache.incr(sent_key) > MAX_CODES_SENT:
        return False
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    request.session[PENDING_KEY] = {"member": member.pk, "digest": _digest(code), "attempts": 0,
                                    "expires": time.time() + CODE_VALID_SECONDS}
    get_adapter(request).send_mail("directory/email/mfa_enrolment_code", member.email,
                                   {"code": code, "minutes": CODE_VALID_SECONDS // 60})
    audit.record(actor=member, action="mfa.enrolment_code_sent", target=member)
    return True


def check_code(request, code: str) -> bool:
    """Whether `code` is the one mailed for this session; the right one proves the mailbox (and is used up),
    a wrong one uses up one of MAX_ATTEMPTS tries."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending["member"] != request.user.pk or pending["expires"] < time.time():
        return False
    if not hmac.compare_digest(pending["digest"], _digest("".join(code.split()))):
        pending["attempts"] += 1
        if pending["attempts"] >= MAX_ATTEMPTS:
            del request.session[PENDING_KEY]
        else:
            request.session[PENDING_KEY] = pending
        return False
    del request.session[PENDING_KEY]
    request.session[PROVEN_KEY] = request.user.pk
    audit.record(actor=request.user, action="mfa.mailbox_proven", target=request.user)
    return True
