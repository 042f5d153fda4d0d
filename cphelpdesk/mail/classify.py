"""What kind of mail this is, before anyone answers it: RFC 3834 and what mail servers really send."""

import re

from django.conf import settings

from cphelpdesk.mail.parsing import ParsedMail

NO_REPLY_LOCAL_PARTS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)(\+.*)?$", re.I)
BOUNCE_SUBJECTS = re.compile(
    r"(undeliver|delivery (status notification|failure|has failed)|returned mail|mail delivery failed|"
    r"failure notice|non remis|no se puede entregar)", re.I)
AUTO_REPLY_SUBJECTS = re.compile(
    r"^(auto(matic)? ?reply|out of (the )?office|absence|réponse automatique|respuesta automática|"
    r"abwesenheit|رد تلقائي)", re.I)

BOUNCE, AUTO_REPLY, LIST, OWN, HUMAN = "bounce", "auto_reply", "list", "own", "human"


def classify(mail: ParsedMail) -> str:
    """bounce, auto_reply, list, own (our own mail looping back) or human."""
    headers = mail.headers
    local = mail.sender_address.split("@", 1)[0] if mail.sender_address else ""
    if mail.report_type in {"delivery-status", "feedback-report"} or mail.content_type == \
            "message/delivery-status" or (
            NO_REPLY_LOCAL_PARTS.match(local) and BOUNCE_SUBJECTS.search(mail.subject)):
        return BOUNCE
    if _is_our_address(mail.sender_address):
        return OWN
    auto_submitted = headers.get("auto-submitted", "no").split(";")[0].strip().lower()
    if mail.report_type == "disposition-notification" or auto_submitted not in {"", "no"} or \
            "x-autoreply" in headers or "x-autorespond" in headers or \
            headers.get("precedence", "").lower() == "auto_reply" or AUTO_REPLY_SUBJECTS.search(mail.subject):
        return AUTO_REPLY
    if "list-id" in headers or "list-post" in headers or \
            headers.get("precedence", "").lower() in {"bulk", "list", "junk"}:
        return LIST
    return HUMAN


def _is_our_address(address: str) -> bool:
    """The helpdesk's address or one of its +token sub-addresses (our own mail looping back)."""
    local, _, domain = settings.HELPDESK_EMAIL.lower().partition("@")
    their_local, _, their_domain = (address or "").lower().partition("@")
    return bool(their_domain) and their_domain == domain and their_local.split("+")[0] == local


def may_auto_reply_to(mail: ParsedMail) -> bool:
    """RFC 3834: never answer automatically a machine address (no-reply, mailer-daemon, postmaster), mail
    delivered with a null return path (`Return-Path: <>`), or mail whose sender asks for no automatic
    answers (`X-Auto-Response-Suppress`, Microsoft's)."""
    local = mail.sender_address.split("@", 1)[0] if mail.sender_address else ""
    suppress = {word.strip().lower() for word in mail.headers.get("x-auto-response-suppress", "").split(",")}
    return bool(mail.sender_address) and not NO_REPLY_LOCAL_PARTS.match(local) and \
        mail.headers.get("return-path", "").replace(" ", "") != "<>" and not suppress & {"all", "autoreply", "oof"}
