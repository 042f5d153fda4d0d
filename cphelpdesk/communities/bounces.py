"""Bounces of the list's mail: each copy's VERP return path names its subscriber, so a bounce raises exactly
that subscriber's score; past the community's threshold their delivery is suspended."""

from django.db.models import F
from django.utils import timezone

from cphelpdesk.communities.models import Community, Subscription
from cphelpdesk.mail import classify as kinds
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.mail.routes import Routed


def receive(community: Community, token: str, mail, kind: str) -> Routed:
    """A message to `<list>-bounces+<token>@`: a permanent failure adds one to the subscriber's score."""
    subscription = Subscription.objects.filter(community=community, token=token).first()
    if subscription is None or kind != kinds.BOUNCE:
        return Routed(InboundMessage.Status.BOUNCE, f"{community.slug}: bounce for nobody")
    now = timezone.now()
    Subscription.objects.filter(pk=subscription.pk).update(bounce_score=F("bounce_score") + 1, last_bounce_at=now)
    subscription.refresh_from_db(fields=["bounce_score"])
    if subscription.bounce_score >= community.bounce_threshold and \
            subscription.status == Subscription.Status.ACTIVE:
        Subscription.objects.filter(pk=subscription.pk).update(status=Subscription.Status.SUSPENDED,
                                                               suspended_at=now)
        return Routed(InboundMessage.Status.BOUNCE, f"{community.slug}: delivery suspended")
    return Routed(InboundMessage.Status.BOUNCE, f"{community.slug}: bounce score {subscription.bounce_score}")
