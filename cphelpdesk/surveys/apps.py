from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cphelpdesk.surveys"
    label = "surveys"
    verbose_name = _("Feedback and surveys")

    def ready(self) -> None:
        # Importing the tasks module registers the daily feedback reminder and survey closing with the scheduler.
        from cphelpdesk.surveys import personal_data, query_hooks, tasks  # noqa: F401

        personal_data.register_steps()
        query_hooks.register()
