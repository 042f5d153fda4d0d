"""The outbox: every outgoing mail is a durable record first, sent by the worker with retries.

Rendering happens in the transaction that caused the mail (`core.notifications`, which hands the mail here);
sending happens after commit (`mail.sending`, in the worker's `mail.outbound_tasks.send_outbox`).
"""

from django.db import transaction
from django.utils import timezone

from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.mail.outbound_tasks import send_soon


def enqueue(*, template: str, to: list[str], subject: str, body: str, headers: dict,
            attachments: list[dict] | None = None) -> OutboundMessage:
    """Record a rendered mail in the current transaction and send it from the worker after commit.

    `attachments`: files already in storage, as {"name", "content_type", "path"}.
    """
    message = OutboundMessage.objects.create(template=template, to=list(to), subject=subject[:500], body=body,
                                             headers=headers, attachments=attachments or [],
                                             next_attempt_at=timezone.now())
    transaction.on_commit(send_soon)
    return message


def retry(message: OutboundMessage) -> None:
    """An officer sends a failed message again."""
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundMessage.Status.PENDING, attempts=0,
                                                         next_attempt_at=timezone.now())
    transaction.on_commit(send_soon)
