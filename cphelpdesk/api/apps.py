"""App configuration for the REST API."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "cphelpdesk.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which load only after this one (app registry).
        from cphelpdesk.api import personal_data, signals  # noqa: F401, PLC0415
        # (signals connects the receivers)

        personal_data.register_steps()
