"""Background work on feedback: the one reminder to rate an answer."""

from datetime import timedelta

from django_tasks import task

from cphelpdesk.core.scheduler import register_periodic


@task()
def send_feedback_reminders() -> int:
    """Remind, once, requesters who have not rated their answer (HELPDESK_FEEDBACK_REMINDER_DAYS)."""
    from cphelpdesk.surveys.actions import send_reminders

    return send_reminders()


register_periodic(send_feedback_reminders, every=timedelta(days=1))
