"""Background work on queries: SLA reminders."""

from datetime import timedelta

from django_tasks import task

from cphelpdesk.core.scheduler import register_periodic


@task()
def send_sla_reminders() -> int:
    """Tell assignees and desk officers, once, of queries about to breach or breaching their SLA."""
    from cphelpdesk.queries.reminders import remind_due_queries

    return remind_due_queries()


register_periodic(send_sla_reminders, every=timedelta(minutes=15))
