"""What the communities' pages and mail read."""

from django.db.models import QuerySet

from cphelpdesk.communities.access import readable_communities
from cphelpdesk.communities.models import Community, Post, Subscription, Thread

THREADS_PER_PAGE = 30


def communities_for(user) -> list[tuple[Community, Subscription | None]]:
    """Each community `user` may read, with their subscription to it (or None)."""
    communities = list(readable_communities(user).order_by("name"))
    mine = {}
    if user.is_authenticated:
        mine = {item.community_id: item for item in Subscription.objects.filter(member=user)}
    return [(community, mine.get(community.pk)) for community in communities]


def latest_threads(community: Community) -> QuerySet[Thread]:
    """The community's threads, latest activity first (the `thread_latest` index)."""
    return Thread.objects.filter(community=community).order_by("-last_post_at", "-id")[:THREADS_PER_PAGE]


def thread_posts(thread: Thread) -> QuerySet[Post]:
    """A thread's published posts, oldest first."""
    return (Post.objects.filter(thread=thread, status=Post.Status.PUBLISHED)
            .prefetch_related("attachments").order_by("posted_at", "id"))
