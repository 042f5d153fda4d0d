"""Who may read, post to and moderate which community.

- An archive is read by anyone (public), by approved members (members), or only by the community's active
  subscribers (subscribers); its moderators and owners, and the helpdesk's officers and managers, who pick up
  what peers could not answer, read every archive.
- Approved members join open communities themselves, ask to join those on approval, and are invited to the rest.
- Active subscribers post (held as the posting policy says); moderators and owners post to announce-only lists.
- Moderators, owners, officers and managers moderate: held posts, subscription requests, sender rules.

`readable_communities` answers for lists and search, `community_access` for one community; they must agree.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cphelpdesk.communities.models import Community, Subscription
from cphelpdesk.directory.roles import Role


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_helpdesk_officer(user) -> bool:
    """Officers and managers: they read every archive and moderate every community."""
    return _active(user) and user.has_role(Role.OFFICER, Role.MANAGER)


@dataclass(frozen=True)
class CommunityAccess:
    """What one user may do in one community."""

    can_read: bool
    can_join: bool
    can_post: bool
    can_moderate: bool
    subscription: Subscription | None
    signed_in: bool = False

    @property
    def can_download(self) -> bool:
        """Attachments are for whoever may read the archive they are in, no one else."""
        return self.can_read

    @property
    def can_follow(self) -> bool:
        """Following a thread mails its new posts: to a signed-in reader of the archive."""
        return self.can_read and self.signed_in


def community_access(user, community: Community) -> CommunityAccess:
    """What `user` may do in `community` (one query for the subscription, one for the moderators and owners)."""
    subscription = None
    moderates = False
    if _active(user):
        subscription = Subscription.objects.filter(community=community, member=user).first()
        moderates = is_helpdesk_officer(user) or Community.objects.filter(
            Q(moderators=user) | Q(owners=user), pk=community.pk).exists()
    subscribed = subscription is not None and subscription.status in (Subscription.Status.ACTIVE,
                                                                       Subscription.Status.SUSPENDED)
    approved = _active(user) and user.is_approved
    if community.visibility == Community.Visibility.PUBLIC:
        can_read = True
    elif community.visibility == Community.Visibility.MEMBERS:
        can_read = approved or moderates or subscribed
    else:
        can_read = moderates or subscribed
    active = community.is_active
    return CommunityAccess(
        can_read=can_read,
        # A request to join by mail that nobody confirmed (perhaps forged) does not stand in the way.
        can_join=active and approved and community.joining != Community.Joining.INVITATION and (
            subscription is None or subscription.status == Subscription.Status.PENDING_CONFIRMATION),
        can_post=active and (moderates or (subscribed and community.posting != Community.Posting.ANNOUNCE)),
        can_moderate=moderates,
        subscription=subscription,
        signed_in=_active(user),
    )


def readable_communities(user) -> QuerySet[Community]:
    """The communities whose archive `user` may read."""
    communities = Community.objects.all()
    if is_helpdesk_officer(user):
        return communities
    readable = Q(visibility=Community.Visibility.PUBLIC)
    if _active(user):
        mine = Q(subscriptions__member=user, subscriptions__status__in=(Subscription.Status.ACTIVE,
                                                                        Subscription.Status.SUSPENDED))
        readable |= mine | Q(moderators=user) | Q(owners=user)
        if user.is_approved:
            readable |= Q(visibility=Community.Visibility.MEMBERS)
    return communities.filter(pk__in=Community.objects.filter(readable).values("pk"))
