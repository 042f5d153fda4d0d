"""Who is on which list, as operators read it (`list_communities`, `list_members`, the imports): a community by
its list address, its subscribers' counts by delivery mode, its subscribers."""

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from cphelpdesk.communities.models import Community, Subscription


def community_at(address: str) -> Community | None:
    """The community whose list address is `address` (any case; the bare list name is accepted too)."""
    local, _at, domain = (address or "").strip().lower().partition("@")
    if domain and domain != settings.HELPDESK_LISTS_DOMAIN.lower():
        return None
    return Community.objects.filter(slug=local).first() if local else None


def subscriber_counts(communities: QuerySet[Community]) -> list[tuple[Community, dict[str, int]]]:
    """Each community with its active subscribers per delivery mode, and those pending or suspended."""
    counts = {f"mode_{mode}": Count("subscriptions", filter=Q(subscriptions__status=Subscription.Status.ACTIVE,
                                                               subscriptions__delivery=mode))
              for mode in Subscription.Delivery.values}
    counts["waiting"] = Count("subscriptions", filter=Q(subscriptions__status__in=(
        Subscription.Status.PENDING_CONFIRMATION, Subscription.Status.PENDING_APPROVAL)))
    counts["suspended"] = Count("subscriptions", filter=Q(subscriptions__status=Subscription.Status.SUSPENDED))
    rows = []
    for community in communities.annotate(**counts).order_by("name"):
        rows.append((community, {**{mode: getattr(community, f"mode_{mode}") for mode in Subscription.Delivery.values},
                                 "pending": community.waiting, "suspended": community.suspended}))
    return rows


def subscribers(community: Community) -> QuerySet[Subscription]:
    """A community's subscriptions, whatever their status, oldest first."""
    return Subscription.objects.filter(community=community).select_related("member").order_by("subscribed_at", "id")
