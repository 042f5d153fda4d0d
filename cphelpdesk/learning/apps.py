"""App configuration for learning pathways."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "cphelpdesk.learning"
    label = "learning"
    verbose_name = _("Learning pathways")

    def ready(self) -> None:
        # Importing the tasks module registers the periodic session reminders with the scheduler; imported
        # here, not at the top: it imports models, which load only after this module (app registry).
        from cphelpdesk.learning import tasks  # noqa: F401, PLC0415
