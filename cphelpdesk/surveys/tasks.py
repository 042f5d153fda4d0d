"""Background work of the surveys app: the one reminder to rate an answer; closing surveys past their date."""

from datetime import timedelta

from django_tasks import task

from cphelpdesk.core.scheduler import register_periodic
from cphelpdesk.surveys.actions import send_reminders
from cphelpdesk.surveys.campaigns import actions as campaign_actions


@task()
def send_feedback_reminders() -> int:
    """Remind, once, requesters who have not rated their answer (HELPDESK_FEEDBACK_REMINDER_DAYS)."""
    return send_reminders()


register_periodic(send_feedback_reminders, every=timedelta(days=1))


@task()
def close_due_surveys() -> int:
    """Close open surveys whose answer-by date has passed."""
    return campaign_actions.close_due_surveys()


register_periodic(close_due_surveys, every=timedelta(days=1))
