"""`manage.py list_communities [--json]`: every community with its list address and subscribers per delivery
mode (as Mailman's `mailman lists`)."""

import json

from django.core.management.base import BaseCommand

from cphelpdesk.communities.models import Community
from cphelpdesk.communities.roster import subscriber_counts


class Command(BaseCommand):
    help = "List the communities: name, list address and active subscribers per delivery mode."

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="as_json", action="store_true", help="one JSON array")

    def handle(self, *args, as_json=False, **options):
        rows = subscriber_counts(Community.objects.all())
        if as_json:
            self.stdout.write(json.dumps([{
                "name": community.name, "list_address": community.list_address, "language": community.language,
                "active": community.is_active, "subscribers": counts,
            } for community, counts in rows], ensure_ascii=False, indent=2))
            return
        for community, counts in rows:
            modes = ", ".join(f"{mode} {n}" for mode, n in counts.items())
            self.stdout.write(f"{community.list_address}\t{community.name}\t{modes}")
        self.stdout.write(f"{len(rows)} communities")
