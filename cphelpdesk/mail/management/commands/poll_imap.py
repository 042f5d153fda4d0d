"""Fetch mail from the configured IMAP mailbox once (the worker also does it periodically)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.mail.imap import OAuth2Error, poll_configured_mailbox


class Command(BaseCommand):
    help = "Store the messages waiting in the HELPDESK_IMAP_* mailbox and move them to its processed folder."

    def handle(self, *args, **options):
        if not settings.HELPDESK_IMAP["host"]:
            raise CommandError("Set HELPDESK_IMAP_HOST (and HELPDESK_IMAP_USER, HELPDESK_IMAP_PASSWORD) first.")
        try:
            stored = poll_configured_mailbox()
        except OAuth2Error as error:
            raise CommandError(f"Could not get an access token for the mailbox: {error}") from error
        self.stdout.write(f"{stored} messages stored")
