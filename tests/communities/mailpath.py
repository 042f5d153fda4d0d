"""Mail to a community through the real intake (store_inbound + process_inbound), then the outbox sent to the
loopback sink, as the worker would."""

import itertools
from email.utils import make_msgid

from cphelpdesk.mail.actions import process_inbound, store_inbound
from tests.helpers import authenticated, run_queued_tasks

_numbers = itertools.count(1)


def message(sender: str, to: str, subject: str, body: str, *, headers: dict | None = None,
            message_id: str = "", proven: bool = True) -> bytes:
    """A plain-text mail; `proven`: as our trusted MTA passes it on after DMARC passed for the From domain."""
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}",
             f"Message-ID: {message_id or make_msgid(f'm{next(_numbers)}', 'example.org')}",
             *(f"{name}: {value}" for name, value in (headers or {}).items()),
             "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""]
    raw = "\r\n".join(lines).encode()
    return authenticated(raw) if proven else raw


def deliver(capture, raw: bytes, to: str, envelope_from: str = "someone@example.org") -> str:
    """Hand `raw` to intake for `to`, process it, send what it queued; returns the intake's outcome."""
    inbound = store_inbound(raw=raw, channel="smtp", envelope_from=envelope_from, envelope_to=[to])
    with capture(execute=True):
        outcome = process_inbound(inbound)
    run_queued_tasks()
    return outcome


def reply_address(mail) -> str:
    """The address a reply to `mail` goes to."""
    return str(mail["Reply-To"]).strip("<> ")
