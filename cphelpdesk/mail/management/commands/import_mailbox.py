"""Import past helpdesk mail from an mbox file or a Maildir, threaded into queries with original dates."""

import email.utils
import mailbox
from email.parser import BytesHeaderParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.mail.actions import _message_id_of, process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage


class Command(BaseCommand):
    help = ("Import an mbox file or a Maildir of past mail: each message becomes (part of) a query dated as it was "
            "sent; no acknowledgement is sent. Running it again imports only what is new.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="An mbox file or a Maildir folder.")

    def handle(self, *args, path, **options):
        source = Path(path)
        if source.is_dir():
            box = mailbox.Maildir(source, factory=None, create=False)
        elif source.is_file():
            box = mailbox.mbox(source, factory=None, create=False)
        else:
            raise CommandError(f"{path} is neither an mbox file nor a Maildir.")
        # Oldest first, so that replies find the queries their earlier messages created.
        raws = sorted((bytes(message) for message in box), key=_sent_at)
        counts: dict[str, int] = {}
        for raw in raws:
            message_id = _message_id_of(raw)
            if message_id and InboundMessage.objects.filter(message_id=message_id).exists():
                counts["already imported"] = counts.get("already imported", 0) + 1
                continue
            outcome = process_safely(store_inbound(raw=raw, channel=InboundMessage.Channel.IMPORT)) or "retry"
            kind = outcome.split(" CPH-")[0].split(":")[0]
            counts[kind] = counts.get(kind, 0) + 1
        self.stdout.write(", ".join(f"{kind}: {count}" for kind, count in sorted(counts.items())) or "nothing")


def _sent_at(raw: bytes):
    try:
        date = BytesHeaderParser().parsebytes(raw).get("Date")
        return email.utils.parsedate_to_datetime(date).timestamp() if date else 0
    except (TypeError, ValueError, IndexError):
        return 0
