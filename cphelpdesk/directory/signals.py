"""Reactions to account events from django-allauth."""

from allauth.account.signals import email_confirmed, password_reset
from django.dispatch import receiver

from cphelpdesk.directory import actions, login_limits


@receiver(email_confirmed)
def tell_officers_once_the_address_is_confirmed(sender, request, email_address, **kwargs):
    """Officers hear of a membership request only once its address is proven (no mail bombing)."""
    actions.notify_officers_of_request(member=email_address.user)


@receiver(password_reset)
def lift_the_login_delay_once_the_mailbox_is_proven(sender, request, user, **kwargs):
    """A reset link proves the mailbox: its owner, who may have no second factor or known device, is not
    kept waiting by wrong passwords typed by someone else (allauth clears its own count the same way)."""
    login_limits.forget_failures(user.email)
