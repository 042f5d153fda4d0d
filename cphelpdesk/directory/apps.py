"""App configuration for the directory."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "cphelpdesk.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which load only after this one (app registry).
        from cphelpdesk.directory import personal_data, signals  # noqa: F401, PLC0415

        personal_data.register_steps()
