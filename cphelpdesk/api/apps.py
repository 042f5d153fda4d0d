"""App configuration for the REST API."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "cphelpdesk.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from cphelpdesk.api import signals  # noqa: F401 - connects the receivers
