"""App configuration for learning pathways."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "cphelpdesk.learning"
    label = "learning"
    verbose_name = _("Learning pathways")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which exist only once the app registry is ready.
        # Importing the tasks module registers the periodic session reminders with the scheduler.
        from cphelpdesk.learning import personal_data, query_hooks, tasks  # noqa: F401, PLC0415

        personal_data.register_steps()
        query_hooks.register()
