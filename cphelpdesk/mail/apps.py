"""App configuration for the email channel."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "cphelpdesk.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self) -> None:
        from cphelpdesk.mail import personal_data, tasks  # noqa: F401

        personal_data.register_steps()
