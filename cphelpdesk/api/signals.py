"""Tokens end with the password and the account they were made with."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from cphelpdesk.api import actions


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def revoke_tokens_on_password_change_or_closure(sender, instance, **kwargs):
    """Every way of setting a password (the profile, a reset link, the admin, `changepassword`) calls
    `set_password` then `save`, which keeps the new password in `_password` until the save is over; closing an
    account clears `is_active`. Erasure deletes the tokens itself (privacy.retention.anonymise_members)."""
    if getattr(instance, "_password", None) is not None and not kwargs.get("created"):
        actions.revoke_all_tokens(member=instance, reason="password_changed")
    elif not instance.is_active:
        actions.revoke_all_tokens(member=instance, reason="account_closed")
