"""Background sending of the outbox (`mail.outbox` records each mail; `mail.sending` sends)."""

from datetime import timedelta

from django_tasks import task

from cphelpdesk.core.scheduler import register_periodic
from cphelpdesk.core.tasks import enqueue_unless_waiting
from cphelpdesk.mail.sending import send_due


@task()
def send_outbox() -> int:
    """Send every outbox message that is due, over one SMTP connection; failures wait for their next
    attempt (see sending.BACKOFF), which the periodic run picks up."""
    return send_due()


register_periodic(send_outbox, every=timedelta(minutes=1))


def send_soon() -> None:
    """Queue a sending run unless one is already waiting (called once the mail's transaction commits)."""
    enqueue_unless_waiting(send_outbox)
