"""Background work of the communities: the daily and weekly digests, archives uploaded on the web."""

from datetime import timedelta

from django_tasks import task

from cphelpdesk.communities.digests import send_digests
from cphelpdesk.communities.imports import import_kept_archive, prune_uploaded_archives
from cphelpdesk.communities.models import Community, Subscription
from cphelpdesk.core.scheduler import register_periodic
from cphelpdesk.directory.models import Member


@task()
def send_daily_digests() -> int:
    """Record today's digest for every daily-digest subscriber with posts they have not had yet."""
    return send_digests(Subscription.Delivery.DAILY)


@task()
def send_weekly_digests() -> int:
    """Record this week's digest for every weekly-digest subscriber with posts they have not had yet."""
    return send_digests(Subscription.Delivery.WEEKLY)


@task()
def import_uploaded_archive(community_id: int, name: str, actor_id: int | None) -> dict:
    """Import an mbox an owner uploaded (`imports.keep_uploaded_archive`): a long archive outlasts a request."""
    community = Community.objects.get(pk=community_id)
    actor = Member.objects.filter(pk=actor_id).first() if actor_id else None
    return import_kept_archive(community=community, name=name, actor=actor).summary()


@task()
def prune_stale_archive_uploads() -> int:
    """Delete uploaded archives whose import never ran (they hold people's mail)."""
    return prune_uploaded_archives()


register_periodic(send_daily_digests, every=timedelta(days=1))
register_periodic(prune_stale_archive_uploads, every=timedelta(days=1))
register_periodic(send_weekly_digests, every=timedelta(days=7))
