"""Keep the detector's compiled custom patterns in step with the database."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cphelpdesk.core.tasks import enqueue_unless_waiting
from cphelpdesk.detection import custom
from cphelpdesk.privacy.models import CustomPattern
from cphelpdesk.privacy.tasks import scan_new_messages


@receiver(post_save, sender=CustomPattern)
@receiver(post_delete, sender=CustomPattern)
def custom_patterns_changed(**kwargs) -> None:
    custom.invalidate()


@receiver(post_save, sender="queries.Message")
@receiver(post_save, sender="queries.Attachment")
def scan_after_commit(sender, instance, created, **kwargs) -> None:
    """Every new message and attachment, whatever brought it (web, mail, API, list, chat), is scanned in
    the worker once the change that made it is committed."""
    if not created:
        return


    transaction.on_commit(lambda: enqueue_unless_waiting(scan_new_messages))
