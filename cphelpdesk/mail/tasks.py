"""Background processing of inbound mail, with retries and backoff."""

from datetime import timedelta

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

    stale = timezone.now() - timedelta(minutes=10)
    waiting = InboundMessage.objects.filter(status=InboundMessage.Status.RECEIVED, received_at__lt=stale)
    count = 0
    for inbound_id in waiting.values_list("pk", flat=True)[:500]:
        process_inbound_message.enqueue(inbound_id)
        count += 1
    return count


register_periodic(process_waiting_mail, every=timedelta(minutes=10))
