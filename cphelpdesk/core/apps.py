"""App configuration for the core plumbing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cphelpdesk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Importing the tasks module registers its periodic tasks with the scheduler.
        # Imported here, not at the top: these modules import models, which load only after this one (app registry).
        from cphelpdesk.core import checks, tasks  # noqa: F401, PLC0415
