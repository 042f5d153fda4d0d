"""Rebuild the search index from the sources the apps registered."""

from django.core.management.base import BaseCommand, CommandError

from cphelpdesk.search import index


class Command(BaseCommand):
    help = "Drop and rebuild the search index from every registered source (or only --kind ones)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", dest="kinds", metavar="KIND",
                            help="Rebuild only this kind (repeat for several); default: every kind.")

    def handle(self, *args, kinds=None, **options):
        if not index.sources() and not kinds:
            self.stdout.write("No search sources are registered: the index is now empty.")
        try:
            total = index.rebuild(kinds, report=lambda kind, count: self.stdout.write(f"{kind}: {count}"))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} documents."))
