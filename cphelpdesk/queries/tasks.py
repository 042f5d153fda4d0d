"""Background work on queries: SLA and referral hand-off reminders."""

from datetime import timedelta

from django_tasks import task

from cphelpdesk.core.scheduler import register_periodic
from cphelpdesk.queries.reminders import remind_due_queries, remind_overdue_referrals


@task()
def send_sla_reminders() -> int:
    """Tell assignees and desk officers, once, of queries about to breach or breaching their SLA; remind the
    recipients of referrals past their hand-off due date, and those who sent them."""
    return remind_due_queries() + remind_overdue_referrals()


register_periodic(send_sla_reminders, every=timedelta(minutes=15))
