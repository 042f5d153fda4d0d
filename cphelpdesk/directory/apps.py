"""App configuration for the directory."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "cphelpdesk.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from cphelpdesk.directory import personal_data, signals  # noqa: F401

        personal_data.register_steps()
