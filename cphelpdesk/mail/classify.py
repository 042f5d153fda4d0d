"""What kind of mail this is, before anyone answers it: RFC 3834 and what mail servers really send.

Bounces are recognised by their delivery report (RFC 3464) and, for the many servers that write their own
format, by Mailman's recogniser (`flufl.bounce`), consulted only for mail that bears a machine's marks so that a
person quoting a bounce still reaches the helpdesk.
"""

import logging
import re
from email.message import Message

from django.conf import settings
from flufl.bounce import all_failures

from cphelpdesk.mail.parsing import ADDRESS_LIKE, ParsedMail

NO_REPLY_LOCAL_PARTS = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|mail[._-]?delivery[._-]?(system|subsystem)|"
    r"mdaemon|ndr)(\+.*)?$", re.I)
MAILER_DAEMONS = re.compile(r"^(mailer-daemon|mail[._-]?delivery[._-]?(system|subsystem))$", re.I)
BOUNCE_SUBJECTS = re.compile(
    r"(undeliver|non-?delivery|delivery (status notification|failure|has failed|report|problem)|returned mail|"
    r"mail delivery failed|mail (could not|couldn't) be delivered|delivery failure|failure notice|mail failure|"
    r"mail system error|message not delivered|non remis|non distribuable|échec de (la )?remise|"
    r"no se puede entregar|no entregado|error en la entrega|não (foi possível )?entreg|unzustellbar|"
    r"nicht zustellbar|niet bezorgd|non recapitato|не доставлено|недоставлен|не может быть доставлено|"
    r"未送達|不達|配信エラー|配送エラー|送信エラー|配信不能|送信できません|エラーメール|退信|退回|无法投递|無法投遞|"
    r"반송|전달 실패|"
    r"تعذر تسليم|لم يتم تسليم)", re.I)
AUTO_REPLY_SUBJECTS = re.compile(
    r"^(auto(matic)? ?reply|out of (the )?office|absence|réponse automatique|respuesta automática|"
    r"abwesenheit|رد تلقائي)", re.I)
# A person forwarding a bounce is asking a question (English, French, German, Spanish, Italian prefixes).
FORWARD_PREFIX = re.compile(r"^\s*(fwd?|tr|wg|rv|i)\s*:", re.I)
# Mailing-list software's own addresses: Mailman's -request and -bounces, Majordomo's owner- (as From or as
# Sender); Mailman 2's -admin and -owner only beside a digest (a person's assistant may be "cp-admin@").
LIST_LOCAL_PARTS = re.compile(r"(-(request|bounces)(\+.*)?$|^owner-)", re.I)
LIST_MANAGER_LOCAL_PARTS = re.compile(r"(-(request|admin|owner|bounces)(\+.*)?$|^owner-)", re.I)
DIGEST_SUBJECTS = re.compile(r"\bdigest\b.*\b(vol|issue|#)", re.I)
ALONE_ON_A_LINE = re.compile(r"^[ \t]*<?([^\s<>()\[\]\"',;:@]+@[^\s<>()\[\]\"',;:@]+)>?:?[ \t]*$", re.M)
REPORT_RECIPIENT = re.compile(r"(?:final-recipient|original-recipient):\s*rfc822;\s*([^\s]+)", re.I)
REPORT_ACTION = re.compile(r"^\s*action:\s*([a-z]+)", re.I | re.M)
LIST_HEADERS = ("list-id", "list-post", "list-unsubscribe", "x-mailman-version", "x-beenthere", "x-mailing-list",
                "mailing-list")

BOUNCE, AUTO_REPLY, LIST, OWN, HUMAN = "bounce", "auto_reply", "list", "own", "human"

# The recogniser logs each of its detectors at INFO for every message it reads, and a detector's own exception
# (its Yale detector fails on any message without a From header) at ERROR with a traceback, then goes on: a
# detector tripping on odd mail proves nothing (see `_recogniser_failures`), so none of it is an operator's concern.
logging.getLogger("flufl.bounce").setLevel(logging.CRITICAL)


def classify(mail: ParsedMail) -> str:
    """bounce, auto_reply, list, own (our own mail looping back) or human."""
    headers = mail.headers
    if _is_bounce(mail):
        return BOUNCE
    if _is_our_address(mail.sender_address):
        return OWN
    auto_submitted = headers.get("auto-submitted", "no").split(";")[0].strip().lower()
    if mail.report_type == "disposition-notification" or auto_submitted not in {"", "no"} or \
            "x-autoreply" in headers or "x-autorespond" in headers or \
            headers.get("precedence", "").lower() == "auto_reply" or AUTO_REPLY_SUBJECTS.search(mail.subject):
        return AUTO_REPLY
    if _is_list_traffic(mail):
        return LIST
    return HUMAN


def _local_part(address: str) -> str:
    return address.rpartition("@")[0] if address else ""


def _is_bounce(mail: ParsedMail) -> bool:
    """A delivery or feedback report, or a machine's notice that mail could not be delivered."""
    if mail.report_type in {"delivery-status", "feedback-report"} or mail.content_type == "message/delivery-status" \
            or mail.report:  # a delivery-status part of its own, whatever the report's declared type
        return True
    headers = mail.headers
    local = _local_part(mail.sender_address)
    if MAILER_DAEMONS.match(local):  # delivery software writes nothing else, in any language
        return True
    machine_sender = mail.sender_problem == "no From header" or bool(NO_REPLY_LOCAL_PARTS.match(local))
    bounce_subject = bool(BOUNCE_SUBJECTS.search(mail.subject)) and not FORWARD_PREFIX.match(mail.subject)
    null_return_path = headers.get("return-path", "").replace(" ", "").lower() in {"<>", "<mailer-daemon>"}
    auto_submitted = headers.get("auto-submitted", "no").split(";")[0].strip().lower() not in {"", "no"}
    if bounce_subject and (machine_sender or null_return_path or auto_submitted or "x-failed-recipients" in headers
                           or _returns_a_message(mail)):
        return True
    marked = machine_sender or bounce_subject or null_return_path or auto_submitted or \
        "x-failed-recipients" in headers or mail.content_type == "multipart/report"
    return marked and any(_recogniser_failures(mail))


def _returns_a_message(mail: ParsedMail) -> bool:
    """Whether the mail carries back a message or its headers, as a bounce does."""
    return mail.message is not None and any(
        part.get_content_type() in {"message/rfc822", "text/rfc822-headers"} for part in mail.message.walk())


def _recogniser_failures(mail: ParsedMail) -> tuple[set[str], set[str]]:
    """(temporary, permanent): the addresses Mailman's recogniser reads as failing in this message."""
    if mail.message is None:
        return set(), set()
    try:
        temporary, permanent = all_failures(mail.message)
    except Exception:  # a recogniser tripping on odd mail proves nothing either way
        return set(), set()
    return _as_text(temporary), _as_text(permanent)


def _as_text(addresses) -> set[str]:
    return {a.decode("utf-8", "replace") if isinstance(a, bytes) else str(a) for a in addresses}


def _report_recipients(report: str) -> tuple[set[str], set[str]]:
    """(not failed, failed): the recipients of a delivery report's per-recipient blocks, by their Action."""
    others, failed = set(), set()
    for block in re.split(r"\n[ \t]*\n", report):
        for address in REPORT_RECIPIENT.findall(block):
            action = REPORT_ACTION.search(block)
            (failed if action is None or action.group(1).lower() == "failed" else others).add(address)
    return others, failed


def failed_recipients(mail: ParsedMail) -> set[str]:
    """The addresses a bounce says mail could not be delivered to, lower-cased: the delivery report's failed
    recipients and what Mailman's recogniser reads as failing permanently in formats of its own. A delay
    warning names nobody: the mail may still arrive."""
    delayed, found = _report_recipients(mail.report + "\n" + mail.text)
    temporary, permanent = _recogniser_failures(mail)
    found |= permanent
    if not found and not delayed and not temporary and mail.message is not None:
        # A format no recogniser knows (a mobile carrier's notice in Japanese...): an address standing alone on
        # a line of the notice itself, never one from the message it returns nor the bounce's own headers.
        notice = next((part for part in _notice_parts(mail.message) if part.get_content_type() == "text/plain"), None)
        text = _part_text(notice) if notice is not None else ""
        found = {address.lower() for address in ALONE_ON_A_LINE.findall(text)} - {
            mail.sender_address.lower(), *mail.recipients}
    return {address.strip("<>").lower() for address in found if ADDRESS_LIKE.fullmatch(address.strip("<>"))}


def delivery_delayed(mail: ParsedMail) -> bool:
    """A delay warning, not a failure: its delivery report or Mailman's recogniser names recipients, and none as
    failing for good (the mail may still arrive; a list does not count it against its subscriber)."""
    delayed, failed = _report_recipients(mail.report + "\n" + mail.text)
    temporary, permanent = _recogniser_failures(mail)
    return bool(delayed or temporary) and not (failed or permanent)


def _notice_parts(part: Message):
    """The parts of the bounce itself, depth first, not those of a message it carries back."""
    yield part
    if part.is_multipart() and not part.get_content_type().startswith("message/"):
        for child in part.get_payload():
            yield from _notice_parts(child)


def _part_text(part: Message) -> str:
    try:
        return part.get_content()
    except Exception:  # an undecodable part names nobody
        return ""


def _is_list_traffic(mail: ParsedMail) -> bool:
    """Mail from a mailing list: its headers (List-Id, Mailman's, Precedence: list or bulk), or a list manager's
    own address (Mailman 2 digests come from -request@ with `Sender: -admin@`). A multipart/digest counts only
    beside such an address or a digest's subject: people forward several messages as a digest too."""
    headers = mail.headers
    if any(name in headers for name in LIST_HEADERS) or \
            headers.get("precedence", "").lower() in {"bulk", "list", "junk"}:
        return True
    senders = [_local_part(mail.sender_address),
               _local_part((ADDRESS_LIKE.findall(headers.get("sender", "")) or [""])[0])]
    if any(LIST_LOCAL_PARTS.search(local) for local in senders):
        return True
    return mail.digest and (any(LIST_MANAGER_LOCAL_PARTS.search(local) for local in senders) or
                            bool(DIGEST_SUBJECTS.search(mail.subject)))


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
