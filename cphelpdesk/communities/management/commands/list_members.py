"""`manage.py list_members ADDRESS [--json]`: a list's subscribers with their address, delivery mode and status
(as Mailman's `mailman members`)."""

import json

from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.communities.roster import community_at, subscribers


class Command(BaseCommand):
    help = "List a community's subscribers: address, name, delivery mode and status."

    def add_arguments(self, parser):
        parser.add_argument("address", help="the list address, e.g. coordinators@lists.example.org")
        parser.add_argument("--json", dest="as_json", action="store_true", help="one JSON array")

    def handle(self, *args, address, as_json=False, **options):
        community = community_at(address)
        if community is None:
            raise CommandError(f"No community has the list address {address}.")
        rows = [{"email": item.address, "name": item.name, "delivery": item.delivery, "status": item.status,
                 "member": item.member_id is not None} for item in subscribers(community)]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['email']}\t{row['delivery']}\t{row['status']}\t{row['name']}")
        self.stdout.write(f"{len(rows)} subscribers of {community.list_address}")
