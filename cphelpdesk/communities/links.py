"""The signed links of a community's mail: one-click unsubscribe (RFC 8058) for each subscriber, and resuming
delivery after a suspension for bounces."""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cphelpdesk.communities.models import Subscription
from cphelpdesk.core import links


class CommunityLinkProblem(links.LinkProblem):
    """A community link that cannot be used (tampered with, or its subscription gone)."""

    problems = {"invalid": (_("This link is not valid, or you have already left this community. Sign in to "
                              "manage your communities."), 400)}
    title = _("Communities")


# No expiry: the unsubscribe link in an old post must keep working. It names the subscription and its token,
# so a link never outlives a resubscription under a new token.
UNSUBSCRIBE_LINK = links.Purpose("cphelpdesk.communities.unsubscribe", CommunityLinkProblem)
# Sent in the notice of a suspension for bounces; no expiry either (the notice may be read weeks later).
RESUME_LINK = links.Purpose("cphelpdesk.communities.resume", CommunityLinkProblem)


def unsubscribe_url(subscription: Subscription) -> str:
    """The absolute one-click unsubscribe address for `subscription` (POST leaves, GET only asks)."""
    token = UNSUBSCRIBE_LINK.sign([subscription.pk, subscription.token])
    # The path is resolved once per process: a post to thousands would spend much of its fan-out resolving it.
    return settings.HELPDESK_BASE_URL.rstrip("/") + _unsubscribe_path().replace(_PLACEHOLDER, token)


_PLACEHOLDER = "link-placeholder"


@functools.cache
def _unsubscribe_path() -> str:
    return reverse("communities:unsubscribe", args=[_PLACEHOLDER])


def subscription_from(token: str, purpose: links.Purpose = UNSUBSCRIBE_LINK) -> Subscription:
    """The subscription an unsubscribe token (or another `purpose`'s) names, or `CommunityLinkProblem`."""
    data = purpose.unsign(token)
    if not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], int):
        raise CommunityLinkProblem("invalid")
    subscription = Subscription.objects.select_related("community", "member").filter(
        pk=data[0], token=data[1]).first()
    if subscription is None:
        raise CommunityLinkProblem("invalid")
    return subscription
