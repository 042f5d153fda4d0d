"""App configuration for learning pathways."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "cphelpdesk.learning"
    label = "learning"
    verbose_name = _("Learning pathways")

    def ready(self):
        # Imported here, not at the top: these modules load models, which exist only once the app registry is ready.
        from cphelpdesk.learning import personal_data, query_hooks  # noqa: PLC0415

        personal_data.register_steps()
        query_hooks.register()
