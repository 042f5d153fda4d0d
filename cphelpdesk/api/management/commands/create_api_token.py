"""Print a new API token for an account (for scripts and integrations)."""

from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.api.actions import create_token
from cphelpdesk.api.models import ApiToken
from cphelpdesk.directory.models import Member


class Command(BaseCommand):
    help = "Create an API token for the account with this email address and print it (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line", help="A name to recognise the token by.")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ,
                            help="read (the default) or read_write.")

    def handle(self, *args, email, name, scope, **options):
        member = Member.objects.with_email(email).first()
        if member is None or not member.is_active:
            raise CommandError(f"No active account has the address {email}.")
        _record, token = create_token(actor=member, name=name, scope=scope)
        self.stdout.write(token)
