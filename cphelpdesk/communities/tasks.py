"""Background work of the communities: the daily and weekly digests."""

from datetime import timedelta

from django_tasks import task

from cphelpdesk.communities.digests import send_digests
from cphelpdesk.communities.models import Subscription
from cphelpdesk.core.scheduler import register_periodic


@task()
def send_daily_digests() -> int:
    """Record today's digest for every daily-digest subscriber with posts they have not had yet."""
    return send_digests(Subscription.Delivery.DAILY)


@task()
def send_weekly_digests() -> int:
    """Record this week's digest for every weekly-digest subscriber with posts they have not had yet."""
    return send_digests(Subscription.Delivery.WEEKLY)


register_periodic(send_daily_digests, every=timedelta(days=1))
register_periodic(send_weekly_digests, every=timedelta(days=7))
