"""The intake scan in the worker: every new message, and every attachment once its text is extracted."""

from datetime import timedelta

from django.core.cache import cache
from django_tasks import task

from cphelpdesk.core.extraction import extract_text
from cphelpdesk.core.scheduler import register_periodic
from cphelpdesk.privacy import intake
from cphelpdesk.privacy.retention import run_retention
from cphelpdesk.queries.models import Attachment, Message

BATCH = 100
# One scan at a time: two workers each draining the same backlog would run the detector twice on every
# message. A run that finds another at work leaves the burst to it; the lock lapses if its holder dies.
SCAN_LOCK = "privacy:scan-running"
SCAN_LOCK_SECONDS = 600


@task()
def scan_new_messages() -> int:
    """Scan every message and attachment not scanned yet, oldest first (one run serves a burst, and runs
    do not overlap)."""
    count = 0
    while cache.add(SCAN_LOCK, True, SCAN_LOCK_SECONDS):
        try:
            count += _scan_waiting()
        finally:
            cache.delete(SCAN_LOCK)
        # Anything that arrived after the last batch was read, while a run starting then found the lock held?
        if not (Message.objects.filter(scanned_at__isnull=True).exists()
                or Attachment.objects.filter(scanned_at__isnull=True).exists()):
            break
    return count


def _scan_waiting() -> int:
    count, last = 0, 0
    waiting = Message.objects.filter(scanned_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    while batch := list(waiting.filter(pk__gt=last)[:BATCH]):
        count += intake.scan_messages(batch)
        last = batch[-1]
    last = 0
    waiting = Attachment.objects.filter(scanned_at__isnull=True).order_by("pk")
    while batch := list(waiting.filter(pk__gt=last)[:BATCH]):
        for attachment in batch:
            last = attachment.pk
            try:
                with attachment.file.open("rb") as stored:
                    data = stored.read()
            except OSError:
                data = b""
            extracted = extract_text(data, name=attachment.original_name, content_type=attachment.content_type)
            intake.scan_attachment(attachment, extracted.text)
            count += 1
    return count


register_periodic(scan_new_messages, every=timedelta(minutes=5))


@task()
def apply_retention() -> dict:
    """The daily retention run (privacy.retention): purge or anonymise what is due, skip what is held."""
    return run_retention().counts


register_periodic(apply_retention, every=timedelta(days=1))
