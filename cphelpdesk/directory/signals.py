"""Reactions to account events from django-allauth."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from cphelpdesk.directory import actions


@receiver(email_confirmed)
def tell_officers_once_the_address_is_confirmed(sender, request, email_address, **kwargs):
    """Officers hear of a membership request only once its address is proven (no mail bombing)."""
    actions.notify_officers_of_request(member=email_address.user)
