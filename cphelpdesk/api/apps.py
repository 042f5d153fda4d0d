"""App configuration for the REST API."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "cphelpdesk.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from cphelpdesk.api import personal_data, signals  # noqa: F401 - signals connects the receivers

        personal_data.register_steps()
