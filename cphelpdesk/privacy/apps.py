"""App configuration for privacy: the personal-data detector and its administrator-defined patterns."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cphelpdesk.detection import custom


class PrivacyConfig(AppConfig):
    name = "cphelpdesk.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which load only after this one (app registry).
        from cphelpdesk.privacy import personal_data, signals  # noqa: F401, PLC0415
        from cphelpdesk.privacy.selectors import active_custom_patterns  # noqa: PLC0415

        personal_data.register_steps()
        custom.read_patterns_from(active_custom_patterns)
