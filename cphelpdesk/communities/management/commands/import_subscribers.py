"""`manage.py import_subscribers LIST_ADDRESS FILE.csv [--as EMAIL]`: subscribe the addresses of a CSV file
(email, name, delivery mode), idempotently; bad rows are reported with their line number."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.communities.imports import import_subscribers
from cphelpdesk.communities.roster import community_at
from cphelpdesk.directory.models import Member


def community_and_actor(address: str, actor: str | None):
    """The community at `address` and the member named by `--as` (or None), or a CommandError."""
    community = community_at(address)
    if community is None:
        raise CommandError(f"No community has the list address {address}.")
    member = Member.objects.with_email(actor).first() if actor else None
    if actor and member is None:
        raise CommandError(f"No member has the address {actor}.")
    return community, member


def print_report(command: BaseCommand, report, unit: str) -> None:
    """Each problem, then the counts; a CommandError (exit status 1) when anything was left out."""
    for number, problem in report.problems:
        command.stdout.write(f"{unit} {number}: {problem}")
    command.stdout.write(", ".join(f"{count} {name}" for name, count in report.summary().items()))
    if report.problems:
        raise CommandError(f"{len(report.problems)} {unit}(s) could not be imported; the others were.")


class Command(BaseCommand):
    help = ("Subscribe the addresses of FILE.csv (columns email, name, delivery mode: each, daily, weekly or web; "
            "a header row is optional) to the community at LIST_ADDRESS. No mail is sent.")

    def add_arguments(self, parser):
        parser.add_argument("address", help="the list address")
        parser.add_argument("path", help="the CSV file")
        parser.add_argument("--as", dest="actor", help="email of the member recorded as importing (audit)")

    def handle(self, *args, address, path, actor=None, **options):
        community, member = community_and_actor(address, actor)
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path} is not a file.")
        print_report(self, import_subscribers(community=community, data=file.read_bytes(), actor=member), "line")
