"""App configuration for the email channel."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core import notifications


class MailConfig(AppConfig):
    name = "cphelpdesk.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self) -> None:
        # Importing the task modules (and the IMAP poller) registers their periodic tasks with the scheduler.
        # Imported here, not at the top: these modules import models, which load only after this one (app registry).
        from cphelpdesk.mail import imap, inbound_tasks, outbound_tasks, outbox, personal_data  # noqa: F401, PLC0415

        personal_data.register_steps()
        notifications.deliver_through(outbox.enqueue)
