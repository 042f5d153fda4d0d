"""The outbox: every outgoing mail is a durable record first, sent by the worker with retries.

Rendering happens in the transaction that caused the mail (`core.notifications`, which hands the mail here);
sending happens after commit (`mail.sending`, in the worker's `mail.outbound_tasks.send_outbox`).
"""

from django.db import transaction
from django.utils import timezone

from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.mail.outbound_tasks import send_soon


def enqueue(*, template: str, to: list[str], subject: str, body: str, headers: dict,
            attachments: list[dict] | None = None, sender: str = "", return_path: str = "") -> OutboundMessage:
    """Record a rendered mail in the current transaction and send it from the worker after commit.

    `attachments`: files already in storage, as {"name", "content_type", "path"}. `sender` (the From) and
    `return_path` (the envelope sender, where bounces go) default to DEFAULT_FROM_EMAIL.
    """
    message = OutboundMessage.objects.create(template=template, to=list(to), subject=subject[:500], body=body,
                                             headers=headers, attachments=attachments or [], sender=sender,
                                             return_path=return_path, next_attempt_at=timezone.now())
    transaction.on_commit(send_soon)
    return message


def enqueue_many(messages: list[OutboundMessage]) -> None:
    """Record many rendered mails at once (a list post's copies, one per subscriber), in the current
    transaction; the worker sends them after commit."""
    if not messages:
        return
    now = timezone.now()
    for message in messages:
        message.next_attempt_at = message.next_attempt_at or now
        message.subject = message.subject[:500]
    OutboundMessage.objects.bulk_create(messages, batch_size=500)
    transaction.on_commit(send_soon)


def retry(message: OutboundMessage) -> None:
    """An officer sends a failed message again."""
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundMessage.Status.PENDING, attempts=0,
                                                         next_attempt_at=timezone.now())
    transaction.on_commit(send_soon)
