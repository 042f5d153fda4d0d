"""Scan every new message and attachment once it is committed."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from cphelpdesk.core.tasks import enqueue_unless_waiting
from cphelpdesk.privacy.tasks import scan_new_messages


@receiver(post_save, sender="queries.Message")
@receiver(post_save, sender="queries.Attachment")
def scan_after_commit(sender, instance, created, **kwargs) -> None:
    """Every new message and attachment, whatever brought it (web, mail, API, list, chat), is scanned in
    the worker once the change that made it is committed."""
    if not created:
        return
    transaction.on_commit(lambda: enqueue_unless_waiting(scan_new_messages))
