"""Background processing of inbound mail, with retries and backoff."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from cphelpdesk.core.scheduler import register_periodic

RETRY_DELAYS = [timedelta(seconds=30), timedelta(minutes=5)]


@task()
def process_inbound_message(inbound_id: int) -> str:
    """Process one stored message; on a system fault try again later, quarantining on the third failure."""
    from cphelpdesk.mail.actions import process_safely
    from cphelpdesk.mail.models import InboundMessage

    inbound = InboundMessage.objects.filter(pk=inbound_id, status=InboundMessage.Status.RECEIVED).first()
    if inbound is None:
        return "nothing to do"
    outcome = process_safely(inbound)
    if outcome is None:
        inbound.refresh_from_db()
        delay = RETRY_DELAYS[min(inbound.attempts, len(RETRY_DELAYS)) - 1]
        process_inbound_message.using(run_after=timezone.now() + delay).enqueue(inbound_id)
        return "retry scheduled"
    return outcome


@task()
def process_waiting_mail() -> int:
    """Catch messages whose processing task was lost (a crash between commit and enqueue)."""
    from cphelpdesk.mail.models import InboundMessage

    stale = timezone.now() - timedelta(seconds=settings.HELPDESK_MAIL_SWEEP_SECONDS)
    waiting = InboundMessage.objects.filter(status=InboundMessage.Status.RECEIVED, received_at__lt=stale)
    count = 0
    for inbound_id in waiting.values_list("pk", flat=True)[:500]:
        process_inbound_message.enqueue(inbound_id)
        count += 1
    return count


register_periodic(process_waiting_mail, every=timedelta(seconds=settings.HELPDESK_MAIL_SWEEP_SECONDS))


@task()
def send_outbound(message_id: int) -> str:
    """Send one outbox message; on failure schedule the next attempt (see outbox.BACKOFF)."""
    from cphelpdesk.mail.models import OutboundMessage
    from cphelpdesk.mail.outbox import send

    message = OutboundMessage.objects.filter(pk=message_id, status=OutboundMessage.Status.PENDING).first()
    if message is None:
        return "nothing to do"
    if send(message):
        return "sent"
    message.refresh_from_db()
    if message.status == OutboundMessage.Status.PENDING:
        send_outbound.using(run_after=message.next_attempt_at).enqueue(message_id)
        return "retry scheduled"
    return "failed"


@task()
def send_waiting_mail() -> int:
    """Send outbox messages whose task was lost (their next attempt is long past)."""
    from cphelpdesk.mail.models import OutboundMessage

    late = timezone.now() - timedelta(minutes=10)
    waiting = OutboundMessage.objects.filter(status=OutboundMessage.Status.PENDING, next_attempt_at__lt=late)
    count = 0
    for message_id in waiting.values_list("pk", flat=True)[:500]:
        send_outbound.enqueue(message_id)
        count += 1
    return count


register_periodic(send_waiting_mail, every=timedelta(minutes=10))


@task()
def poll_imap_mailbox() -> int:
    """Poll the configured hosted mailbox (HELPDESK_IMAP_*), if there is one."""
    from cphelpdesk.mail.imap import poll_mailbox

    if not settings.HELPDESK_IMAP["host"]:
        return 0
    return poll_mailbox(**settings.HELPDESK_IMAP)


if settings.HELPDESK_IMAP["host"]:
    register_periodic(poll_imap_mailbox, every=timedelta(seconds=settings.HELPDESK_IMAP_POLL_SECONDS))
