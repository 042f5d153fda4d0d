"""Reload the reference data (places, topics, glossary) after its data files change."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from cphelpdesk.directory.reference import load_places, load_roles
from cphelpdesk.queries.reference import load_sla_policy
from cphelpdesk.taxonomy.reference import load_taxonomy


class Command(BaseCommand):
    help = "Create missing roles, places, desks, topics, glossary terms and SLA targets (never overwrites)."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_roles(apps)
            load_places(apps)
            load_taxonomy(apps)
            load_sla_policy(apps)
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
