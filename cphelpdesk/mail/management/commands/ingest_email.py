"""Take one RFC 5322 message from a file or standard input (for an MTA's pipe transport)."""

import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage

EX_TEMPFAIL = 75  # sysexits.h: the MTA keeps the message and tries again later


class Command(BaseCommand):
    help = ("Store and process one message from FILE or standard input; prints the outcome "
            "(created CPH-..., appended to CPH-..., duplicate, bounce, auto-reply ignored, list post recorded, "
            "quarantined: reason). Exits 75 when the database is unavailable, so the MTA retries.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="The message file (default: standard input).")
        parser.add_argument("--to", action="append", default=[], help="Envelope recipient (repeatable).")
        parser.add_argument("--from", dest="envelope_from", default="", help="Envelope sender.")

    def handle(self, *args, file, to, envelope_from, **options):
        raw = open(file, "rb").read() if file and file != "-" else sys.stdin.buffer.read()  # noqa: SIM115
        try:
            inbound = store_inbound(raw=raw, channel=InboundMessage.Channel.PIPE, envelope_from=envelope_from,
                                    envelope_to=to)
        except DatabaseError as error:
            self.stderr.write(f"temporary failure: the database is unavailable ({error})")
            sys.exit(EX_TEMPFAIL)
        outcome = process_safely(inbound)
        # A failure that will be retried stays stored: the worker's sweep picks it up.
        self.stdout.write(outcome or "stored; processing will be retried")
