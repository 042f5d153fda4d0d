"""Background processing of inbound mail, with retries and backoff."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from cphelpdesk.core.scheduler import register_periodic
from cphelpdesk.core.tasks import enqueues_deferred

RETRY_DELAYS = [timedelta(seconds=30), timedelta(minutes=5)]
# Messages claimed at a time: few enough that two workers share a burst evenly and a dead worker's
# claim holds up little, enough that claiming costs little.
BATCH = 10


@task()
def process_inbound_message(inbound_id: int) -> str:
    """Process one stored message (a retry, or an officer's reprocess); on a system fault try again
    later, quarantining on the third failure."""
    from cphelpdesk.mail.models import InboundMessage

    inbound = InboundMessage.objects.filter(pk=inbound_id, status=InboundMessage.Status.RECEIVED).first()
    if inbound is None:
        return "nothing to do"
    return _process(inbound) or "retry scheduled"


def _process(inbound) -> str | None:
    from cphelpdesk.mail.actions import process_safely

    outcome = process_safely(inbound)
    if outcome is None:
        inbound.refresh_from_db()
        delay = RETRY_DELAYS[min(inbound.attempts, len(RETRY_DELAYS)) - 1]
        process_inbound_message.using(run_after=timezone.now() + delay).enqueue(inbound.pk)
    return outcome


@task()
def process_received_mail() -> int:
    """Process every message waiting for its first attempt, oldest first, including those that arrive
    meanwhile: one run serves a burst (the gateway queues a run only when none is waiting). The run claims
    a few messages at a time, so that two workers draining the same burst split it between them."""
    from cphelpdesk.mail.actions import claim_received
    from cphelpdesk.mail.models import InboundMessage

    count = 0
    while batch := claim_received(limit=BATCH):
        # The batch's acknowledgements and scans are queued once, when the batch is done.
        with enqueues_deferred():
            for inbound_id in batch:
                _process(InboundMessage(pk=inbound_id))
                count += 1
    return count


@task()
def process_waiting_mail() -> int:
    """Catch messages whose processing was lost (a crash between commit and enqueue, or mid-run)."""
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
def send_outbox() -> int:
    """Send every outbox message that is due, over one SMTP connection; failures wait for their next
    attempt (see outbox.BACKOFF), which the periodic run picks up."""
    from cphelpdesk.mail.outbox import send_due

    return send_due()


register_periodic(send_outbox, every=timedelta(minutes=1))


@task()
def poll_imap_mailbox() -> int:
    """Poll the configured hosted mailbox (HELPDESK_IMAP_*), if there is one."""
    from cphelpdesk.mail.imap import poll_configured_mailbox

    if not settings.HELPDESK_IMAP["host"]:
        return 0
    return poll_configured_mailbox()


if settings.HELPDESK_IMAP["host"]:
    register_periodic(poll_imap_mailbox, every=timedelta(seconds=settings.HELPDESK_IMAP_POLL_SECONDS))
