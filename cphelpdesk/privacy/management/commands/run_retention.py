"""Run retention now (the worker runs it daily) and print what each step purged or anonymised."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cphelpdesk.privacy.retention import run_retention, step_labels


class Command(BaseCommand):
    help = ("Purge or anonymise the personal data whose retention period has passed (records under a legal hold "
            "are skipped) and print the counts; --dry-run only counts.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what is due without changing anything.")

    def handle(self, *args, dry_run: bool, **options):
        run = run_retention(dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))
        labels = step_labels()
        for name, counts in run.counts.items():
            self.stdout.write(_("%(step)s: %(done)d purged or anonymised, %(held)d kept under a legal hold") % {
                "step": labels.get(name, name), "done": counts["done"], "held": counts["held"]})
