"""Fetch mail from the configured IMAP mailbox once (the worker also does it periodically)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.mail.imap import poll_mailbox


class Command(BaseCommand):
    help = "Store the messages waiting in the HELPDESK_IMAP_* mailbox and move them to its processed folder."

    def handle(self, *args, **options):
        if not settings.HELPDESK_IMAP["host"]:
            raise CommandError("Set HELPDESK_IMAP_HOST (and HELPDESK_IMAP_USER, HELPDESK_IMAP_PASSWORD) first.")
        self.stdout.write(f"{poll_mailbox(**settings.HELPDESK_IMAP)} messages stored")
