"""Background processing of inbound mail, with retries and backoff: what arrives (the gateway, `ingest_email`,
the IMAP poller) is stored and a processing run queued (`accept_stored`), which the worker runs."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from cphelpdesk.core import config_cache
from cphelpdesk.core.scheduler import register_periodic
from cphelpdesk.core.tasks import enqueue_unless_waiting, enqueues_deferred
from cphelpdesk.mail.actions import claim_received, process_safely, store_inbound_many
from cphelpdesk.mail.models import InboundMessage

logger = logging.getLogger(__name__)
RETRY_DELAYS = [timedelta(seconds=30), timedelta(minutes=5)]
# Messages claimed at a time: few enough that two workers share a burst evenly and a dead worker's
# claim holds up little, enough that claiming costs little.
BATCH = 10


@task()
def process_inbound_message(inbound_id: int) -> str:
    """Process one stored message (a retry, or an officer's reprocess); on a system fault try again
    later, quarantining on the third failure."""
    inbound = InboundMessage.objects.filter(pk=inbound_id, status=InboundMessage.Status.RECEIVED).first()
    if inbound is None:
        return "nothing to do"
    return _process(inbound) or "retry scheduled"


def _process(inbound) -> str | None:
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
    count = 0
    while batch := claim_received(limit=BATCH):
        # The batch's acknowledgements and scans are queued once, when the batch is done; its messages see one
        # configuration (desks, calendars, patterns), whose version stamps are read from the shared cache once.
        with enqueues_deferred(), config_cache.one_reading():
            for inbound_id in batch:
                _process(InboundMessage(pk=inbound_id))
                count += 1
    return count


@task()
def process_waiting_mail() -> int:
    """Catch messages whose processing was lost (a crash between commit and enqueue, or mid-run)."""
    stale = timezone.now() - timedelta(seconds=settings.HELPDESK_MAIL_SWEEP_SECONDS)
    waiting = InboundMessage.objects.filter(status=InboundMessage.Status.RECEIVED, received_at__lt=stale)
    count = 0
    for inbound_id in waiting.values_list("pk", flat=True)[:500]:
        process_inbound_message.enqueue(inbound_id)
        count += 1
    return count


register_periodic(process_waiting_mail, every=timedelta(seconds=settings.HELPDESK_MAIL_SWEEP_SECONDS))


def accept_stored(*, raw: bytes, channel: str, envelope_from: str = "", envelope_to=()) -> int:
    """Store one message and make sure a processing run will see it; returns its id."""
    return accept_stored_many([{"raw": raw, "envelope_from": envelope_from, "envelope_to": envelope_to}],
                              channel=channel)[0]


def accept_stored_many(messages: list[dict], *, channel: str) -> list[int]:
    """Store messages in one commit (see `store_inbound_many`) and make sure a processing run will see
    them; returns their ids."""
    stored = store_inbound_many(messages, channel=channel)
    try:
        enqueue_unless_waiting(process_received_mail)
    except Exception:
        # The messages are stored: the periodic sweep (process_waiting_mail) processes them. Telling the
        # senders to retry would only bring duplicates.
        logger.exception("Could not queue the processing of %s stored messages", len(stored))
    return [inbound.pk for inbound in stored]
