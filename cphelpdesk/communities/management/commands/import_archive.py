"""`manage.py import_archive LIST_ADDRESS FILE.mbox [--as EMAIL]`: bring a Mailman 2 (pipermail) or groups.io
archive into a community, with its dates and threads, idempotently and without sending mail."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.communities.imports import import_archive
from cphelpdesk.communities.management.commands.import_subscribers import community_and_actor, print_report


class Command(BaseCommand):
    help = ("Import FILE.mbox into the archive of the community at LIST_ADDRESS: original dates and threads kept, "
            "messages already there (same Message-ID) skipped, nothing sent.")

    def add_arguments(self, parser):
        parser.add_argument("address", help="the list address")
        parser.add_argument("path", help="the mbox file")
        parser.add_argument("--as", dest="actor", help="email of the member recorded as importing (audit)")

    def handle(self, *args, address, path, actor=None, **options):
        community, member = community_and_actor(address, actor)
        if not Path(path).is_file():
            raise CommandError(f"{path} is not a file.")
        print_report(self, import_archive(community=community, path=Path(path), actor=member), "message")
