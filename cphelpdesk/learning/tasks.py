"""Background work of learning: the reminders of live sessions."""

from datetime import timedelta

from django_tasks import task

from cphelpdesk.core.scheduler import register_periodic
from cphelpdesk.learning.reminders import remind_sessions


@task()
def send_session_reminders() -> int:
    """Remind, once, each member with a place at a session starting within a day (`learning.reminders`)."""
    return remind_sessions()


register_periodic(send_session_reminders, every=timedelta(minutes=15))
