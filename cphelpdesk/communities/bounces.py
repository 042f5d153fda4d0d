"""Bounces of the list's mail, scored as Mailman 3 scores them.

Each copy's VERP return path names its subscriber, so a bounce raises exactly that subscriber's score. Only a
failure counts: a delay warning (the mail may still arrive) does not (`mail.classify.delivery_delayed`). One day's
bounces count once however many posts bounced that day (a mailbox that is full for a day bounces every post).
A score left quiet for BOUNCE_INFO_STALE_AFTER starts again from nothing: an old bounce is no evidence today. At
the community's threshold delivery is suspended, and the subscriber is told once, in their language, with a
signed link to a page where they resume it (`views.delivery`).
"""

from datetime import timedelta
from email.utils import formataddr

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cphelpdesk.communities.delivery import absolute, list_headers
from cphelpdesk.communities.links import RESUME_LINK
from cphelpdesk.communities.models import Community, Subscription
from cphelpdesk.core import audit
from cphelpdesk.core.notifications import render_notification
from cphelpdesk.mail import classify as kinds
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.mail.outbox import enqueue
from cphelpdesk.mail.routes import Routed

# Mailman 3's default (bounce_info_stale_after): a score with no bounce for this long starts again.
BOUNCE_INFO_STALE_AFTER = timedelta(days=7)
SUSPENDED_NOTICE = "communities/mail/delivery_suspended"


@transaction.atomic
def receive(community: Community, token: str, mail, kind: str) -> Routed:
    """A message to `<list>-bounces+<token>@`: a failure adds one to the subscriber's score, at most once a day."""
    subscription = Subscription.objects.select_for_update().filter(community=community, token=token).first() \
        if token else None
    if subscription is None or kind != kinds.BOUNCE:
        return Routed(InboundMessage.Status.BOUNCE, f"{community.slug}: bounce for nobody")
    if kinds.delivery_delayed(mail):
        return Routed(InboundMessage.Status.BOUNCE, f"{community.slug}: delay warning, not counted")
    now = timezone.now()
    last = subscription.last_bounce_at
    if last is not None and last.date() == now.date():
        return Routed(InboundMessage.Status.BOUNCE, f"{community.slug}: bounce already counted today")
    if last is None or now - last > BOUNCE_INFO_STALE_AFTER:
        subscription.bounce_score = 0.0
    subscription.bounce_score += 1
    subscription.last_bounce_at = now
    subscription.save(update_fields=["bounce_score", "last_bounce_at"])
    if subscription.bounce_score >= community.bounce_threshold and suspend(subscription):
        return Routed(InboundMessage.Status.BOUNCE, f"{community.slug}: delivery suspended")
    return Routed(InboundMessage.Status.BOUNCE, f"{community.slug}: bounce score {subscription.bounce_score:g}")


def suspend(subscription: Subscription) -> bool:
    """Stop mailing an active subscription whose address keeps bouncing and tell them, once; False when it was
    not active (already suspended, or never confirmed)."""
    now = timezone.now()
    changed = Subscription.objects.filter(pk=subscription.pk, status=Subscription.Status.ACTIVE).update(
        status=Subscription.Status.SUSPENDED, suspended_at=now)
    if not changed:
        return False
    subscription.status, subscription.suspended_at = Subscription.Status.SUSPENDED, now
    audit.record(actor=None, action="community_subscription.suspended", target=subscription,
                 community=subscription.community.slug, bounce_score=subscription.bounce_score)
    tell_suspended(subscription)
    return True


def tell_suspended(subscription: Subscription) -> None:
    """The notice of a suspension, in the subscriber's language, with the link that resumes delivery. It may
    bounce too (the address is failing): its return path names no subscriber, so that counts against nobody."""
    community = subscription.community
    subject, body = render_notification(template=SUSPENDED_NOTICE, language=subscription.reading_language,
                                        context={"community": community, "resume_url": resume_url(subscription),
                                                 "settings_url": absolute(reverse("communities:subscriptions"))})
    enqueue(template=SUSPENDED_NOTICE, to=[subscription.address], subject=subject, body=body,
            sender=formataddr((community.name, community.command_address("owner"))),
            return_path=community.command_address("bounces"),
            headers={**list_headers(community), "Auto-Submitted": "auto-generated", "Precedence": "list"})


def resume_url(subscription: Subscription) -> str:
    """The signed link that resumes a suspended subscription's delivery (it names the subscription and its
    VERP token, so it dies with the subscription)."""
    return absolute(reverse("communities:resume_delivery",
                            args=[RESUME_LINK.sign([subscription.pk, subscription.token])]))


@transaction.atomic
def resume(subscription: Subscription, *, actor) -> bool:
    """Deliver to a suspended subscription again, its score cleared; False when it was not suspended."""
    changed = Subscription.objects.filter(pk=subscription.pk, status=Subscription.Status.SUSPENDED).update(
        status=Subscription.Status.ACTIVE, bounce_score=0.0, last_bounce_at=None, suspended_at=None)
    if changed:
        audit.record(actor=actor, action="community_subscription.resumed", target=subscription,
                     community=subscription.community.slug)
    return bool(changed)

