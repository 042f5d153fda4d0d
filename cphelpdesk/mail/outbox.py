"""The outbox: every outgoing mail is a durable record first, sent by the worker with retries."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.html import linebreaks

from cphelpdesk.mail.models import OutboundMessage

# Waits before the 2nd, 3rd... attempt; after the last, the message is marked failed for officers.
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]


def enqueue(*, template: str, to: list[str], subject: str, body: str, headers: dict) -> OutboundMessage:
    """Record a rendered mail in the current transaction and send it from the worker after commit."""
    from cphelpdesk.mail.tasks import send_outbound

    message = OutboundMessage.objects.create(template=template, to=list(to), subject=subject[:500], body=body,
                                             headers=headers, next_attempt_at=timezone.now())
    transaction.on_commit(lambda: send_outbound.enqueue(message.pk))
    return message


def send(message: OutboundMessage) -> bool:
    """One attempt over SMTP (plain text with an HTML alternative); True when the relay took it."""
    headers = dict(message.headers)
    reply_to = [headers.pop("Reply-To")] if "Reply-To" in headers else None
    mail = EmailMultiAlternatives(subject=message.subject, body=message.body, from_email=settings.DEFAULT_FROM_EMAIL,
                                  to=message.to, headers=headers, reply_to=reply_to)
    mail.attach_alternative(linebreaks(message.body, autoescape=True), "text/html")
    now = timezone.now()
    try:
        mail.send()
    except Exception as error:  # the relay's problem, not the message's: try again later
        attempts = message.attempts + 1
        failed = attempts > len(BACKOFF)
        OutboundMessage.objects.filter(pk=message.pk).update(
            attempts=attempts, last_error=repr(error)[:2000],
            status=OutboundMessage.Status.FAILED if failed else OutboundMessage.Status.PENDING,
            next_attempt_at=None if failed else now + BACKOFF[attempts - 1])
        return False
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundMessage.Status.SENT, sent_at=now,
                                                         attempts=message.attempts + 1, last_error="")
    return True


def retry(message: OutboundMessage) -> None:
    """An officer sends a failed message again."""
    from cphelpdesk.mail.tasks import send_outbound

    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundMessage.Status.PENDING, attempts=0,
                                                         next_attempt_at=timezone.now())
    transaction.on_commit(lambda: send_outbound.enqueue(message.pk))
