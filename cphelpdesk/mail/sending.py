"""Sending the outbox (`mail.outbox` records each mail first): the worker sends what is due in batches over
one SMTP connection (`send_due`, run by `mail.outbound_tasks.send_outbox`), so a burst of acknowledgements costs
one task, not one each; a relay failure is retried after each of BACKOFF.

A batch is claimed (marked as being sent) before anything leaves, and the messages the relay took are marked
sent with one UPDATE per batch, not one each: a list post to thousands of subscribers costs a few writes, not
thousands of commits. A worker that dies mid-batch leaves its claim, which returns to the queue after
STALE_CLAIM (the relay may then get a message twice: mail is delivered at least once, never lost).

How a record becomes a mail (`build`): the helpdesk's own mail gets an HTML alternative of its text; a list's
mail (a `List-Id` header) goes as plain text only, as the poster wrote it (lighter on bad connections, and
what list servers send). Attachments are files in storage; those of type message/rfc822 (a digest's posts,
each a whole message with its own Message-ID) are put together in one multipart/digest part (RFC 2046 5.1.5).
"""

import contextlib
import logging
from datetime import timedelta
from email import message_from_bytes
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart

import dkim
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone
from django.utils.html import linebreaks

from cphelpdesk.mail.models import OutboundMessage

logger = logging.getLogger(__name__)
# Waits before the 2nd, 3rd... attempt; after the last, the message is marked failed for officers.
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
BATCH = 200
# A message claimed for sending this long ago by a worker that died goes back to the queue.
STALE_CLAIM = timedelta(minutes=10)
DKIM_HEADERS = [b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"in-reply-to", b"references",
                b"reply-to", b"mime-version", b"content-type", b"list-unsubscribe", b"list-unsubscribe-post"]


def send_due() -> int:
    """Send every message whose attempt is due; returns how many the relay took."""
    OutboundMessage.objects.filter(status=OutboundMessage.Status.SENDING,
                                   next_attempt_at__lt=timezone.now() - STALE_CLAIM).update(
        status=OutboundMessage.Status.PENDING)
    sent, smtp = 0, None
    try:
        while batch := _claim():
            taken = []
            try:
                for message in batch:
                    if smtp is None:
                        # Opened here, the connection serves the whole run: a backend opened by send() itself
                        # would connect, greet and quit for every message.
                        smtp = get_connection()
                        with contextlib.suppress(Exception):  # the relay is down: _attempt meets it and retries
                            smtp.open()
                    if _attempt(message, smtp):
                        taken.append(message)
                    else:  # the connection may be the problem: the next message opens a new one
                        smtp.close()
                        smtp = None
            finally:
                # Also when the run stops mid-batch: what the relay took is not sent again.
                _mark_sent(taken)
            sent += len(taken)
    finally:
        if smtp is not None:
            smtp.close()
    return sent


def _claim() -> list[OutboundMessage]:
    """Mark a batch of due messages as being sent, so that a second worker never sends them too."""
    with transaction.atomic():
        due = OutboundMessage.objects.filter(status=OutboundMessage.Status.PENDING,
                                             next_attempt_at__lte=timezone.now()).order_by("pk")
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        batch = list(due[:BATCH])
        OutboundMessage.objects.filter(pk__in=[message.pk for message in batch]).update(
            status=OutboundMessage.Status.SENDING, next_attempt_at=timezone.now())
    return batch


def build(message: OutboundMessage, connection=None) -> EmailMultiAlternatives:
    """The mail as it goes out: plain text, an HTML alternative, the stored files, signed when DKIM is set."""
    headers = dict(message.headers)
    reply_to = [headers.pop("Reply-To")] if "Reply-To" in headers else None
    if message.sender:
        headers["From"] = message.sender
    # Django sends from `from_email` (the envelope sender) and writes it as From unless the headers say otherwise.
    mail = SignedMail(subject=message.subject, body=message.body,
                      from_email=message.return_path or message.sender or settings.DEFAULT_FROM_EMAIL,
                      to=message.to, headers=headers, reply_to=reply_to, connection=connection)
    if "List-Id" not in headers:
        mail.attach_alternative(linebreaks(message.body, autoescape=True), "text/html")
    digest = MIMEMultipart("digest")
    for attachment in message.attachments:
        with default_storage.open(attachment["path"], "rb") as stored:
            content = stored.read()
        if attachment["content_type"] == "message/rfc822":
            digest.attach(MIMEMessage(message_from_bytes(content)))
        else:
            mail.attach(attachment["name"], content, attachment["content_type"])
    if digest.get_payload():
        mail.attach(digest)
    return mail


def send(message: OutboundMessage, connection=None) -> bool:
    """One attempt over SMTP; True when the relay took it (and it is marked sent), else the next attempt is
    scheduled."""
    if not _attempt(message, connection):
        return False
    _mark_sent([message])
    return True


def _attempt(message: OutboundMessage, connection) -> bool:
    """Hand the message to the relay; on failure, record the error and schedule the next attempt (a success
    is recorded by the caller, with the rest of its batch)."""
    try:
        build(message, connection).send()
    except Exception as error:  # the relay's problem, not the message's: try again later
        attempts = message.attempts + 1
        failed = attempts > len(BACKOFF)
        OutboundMessage.objects.filter(pk=message.pk).update(
            attempts=attempts, last_error=repr(error)[:2000],
            status=OutboundMessage.Status.FAILED if failed else OutboundMessage.Status.PENDING,
            next_attempt_at=None if failed else timezone.now() + BACKOFF[attempts - 1])
        logger.warning("outbox: sending message %s failed (attempt %s): %r", message.pk, attempts, error)
        return False
    return True


def _mark_sent(messages: list[OutboundMessage]) -> None:
    """Record that the relay took `messages`: one UPDATE per number of earlier attempts (nearly always one)."""
    by_attempts: dict[int, list[int]] = {}
    for message in messages:
        by_attempts.setdefault(message.attempts, []).append(message.pk)
    now = timezone.now()
    for attempts, pks in by_attempts.items():
        OutboundMessage.objects.filter(pk__in=pks).update(status=OutboundMessage.Status.SENT, sent_at=now,
                                                          attempts=attempts + 1, last_error="")


class SignedMail(EmailMultiAlternatives):
    """A mail that carries a DKIM signature when HELPDESK_DKIM is configured (domain, selector, key)."""

    def message(self):
        mime = super().message()
        dkim_settings = settings.HELPDESK_DKIM
        if dkim_settings["domain"] and dkim_settings["private_key"]:
            signature = dkim.sign(
                mime.as_bytes(linesep="\r\n"), dkim_settings["selector"].encode(), dkim_settings["domain"].encode(),
                dkim_settings["private_key"].encode(), include_headers=[
                    name for name in DKIM_HEADERS if name.decode() in {key.lower() for key in mime}],
                canonicalize=(b"relaxed", b"relaxed"))
            name, _, value = signature.decode().partition(":")
            # Relaxed canonicalisation tolerates the refolding this header may get when serialised again.
            mime[name] = " ".join(value.split())
        return mime
