"""Run background tasks: the django-tasks database worker plus the periodic-task scheduler."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cphelpdesk.core.scheduler import SchedulerThread


class Command(BaseCommand):
    help = "Run the background task worker and enqueue periodic tasks (heartbeat, reminders) when due."
    # The system checks import every view up front; the web server and `manage.py check` run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between queue polls.")
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Only run tasks; another worker schedules periodic ones."
        )
        parser.add_argument("--batch", action="store_true", help="Run queued tasks, then exit.")

    def handle(self, *args, interval: float, no_scheduler: bool, batch: bool, **options):
        # A batch run drains the queue and exits; scheduling belongs to long-running workers.
        scheduler = None if no_scheduler or batch else SchedulerThread()
        if scheduler:
            scheduler.start()
        try:
            # Never the autoreloader here: it forks a child that would not carry the scheduler.
            call_command("db_worker", interval=interval, batch=batch, reload=False,
                         verbosity=options["verbosity"])
        finally:
            if scheduler:
                scheduler.stop()
