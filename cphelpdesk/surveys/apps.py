from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cphelpdesk.surveys"
    label = "surveys"
    verbose_name = _("Feedback and surveys")

    def ready(self) -> None:
        # Importing the tasks module registers the daily feedback reminder and survey closing with the scheduler.
        # Imported here, not at the top: these modules import models, which load only after this one (app registry).
        from cphelpdesk.surveys import personal_data, query_hooks, tasks  # noqa: F401, PLC0415

        personal_data.register_steps()
        query_hooks.register()
