"""Keep the detector's compiled custom patterns in step with the database."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cphelpdesk.privacy import custom
from cphelpdesk.privacy.models import CustomPattern


@receiver(post_save, sender=CustomPattern)
@receiver(post_delete, sender=CustomPattern)
def custom_patterns_changed(**kwargs) -> None:
    custom.invalidate()
