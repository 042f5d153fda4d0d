"""Load deterministic, realistic demo data: every app's `demo.seed(context)`, in app order."""

import datetime
import random
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from cphelpdesk.core.maintenance import refresh_planner_statistics


@dataclass
class DemoContext:
    """What each app's seeder gets: one seeded random source, the scale, a place to report."""

    seed: int
    scale: int
    rng: random.Random
    report: callable
    today: datetime.date  # dates are laid out relative to this day
    shared: dict = field(default_factory=dict)  # objects one seeder leaves for the next


def demo_modules():
    """The `demo` modules of installed project apps, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if config.name.startswith("cphelpdesk.") and module_has_submodule(config.module, "demo"):
            yield import_module(f"{config.name}.demo")


def seed_demo(*, seed: int = 1, scale: int = 1, as_of: datetime.date | None = None, report=print) -> DemoContext:
    """Run every app's seeder in one transaction; the same seed, scale and as-of day give the same data."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    today = as_of or datetime.datetime.now(datetime.UTC).date()
    context = DemoContext(seed=seed, scale=scale, rng=random.Random(seed), report=report, today=today)
    with transaction.atomic():
        for module in demo_modules():
            module.seed(context)
    refresh_planner_statistics(full=True)  # a bulk load changes every table's shape
    return context


class Command(BaseCommand):
    help = "Load demo data: organisations, members, one login per role (and what later apps add)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed (same seed, same data).")
        parser.add_argument("--scale", type=int, default=1, help="Multiply the volume of data.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when members already exist.")
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None,
                            help="Lay dates out relative to this day (YYYY-MM-DD; default today).")

    def handle(self, *args, seed, scale, if_empty, as_of, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1")
        if get_user_model().objects.exists():
            if if_empty:
                self.stdout.write("Demo data not loaded: the database already has members.")
                return
            raise CommandError("The database already has members; seed_demo only fills an empty database.")
        seed_demo(seed=seed, scale=scale, as_of=as_of, report=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (seed {seed}, scale {scale})."))
