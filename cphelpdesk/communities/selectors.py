"""What the communities' pages and mail read."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cphelpdesk.communities import indexing
from cphelpdesk.communities.access import readable_communities
from cphelpdesk.communities.models import Community, Post, PostAttachment, Subscription, Thread
from cphelpdesk.search.engine import Scope, SearchResults, search

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50  # a long thread reads in pages, so that its page stays light and fast
FEED_ITEMS = 30
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# The two orders of a thread list, each read through its own index (models.Thread: thread_latest, thread_started).
ORDERS = {"latest": "last_post_at", "started": "started_at"}


def communities_for(user) -> list[tuple[Community, Subscription | None]]:
    """Each community `user` may read, with their subscription to it (or None)."""
    communities = list(readable_communities(user).order_by("name"))
    mine = {}
    if user.is_authenticated:
        mine = {item.community_id: item for item in Subscription.objects.filter(member=user)}
    return [(community, mine.get(community.pk)) for community in communities]


@dataclass(frozen=True)
class ThreadPage:
    """One page of a thread list and the cursor of the next (None on the last page)."""

    threads: list[Thread]
    next_cursor: str | None


def _cursor(moment: datetime.datetime, pk: int) -> str:
    delta = moment - EPOCH
    return f"{(delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds}.{pk}"


def _read_cursor(cursor: str) -> tuple[datetime.datetime, int] | None:
    micros, _, pk = (cursor or "").partition(".")
    if not (micros.lstrip("-").isdigit() and pk.isdigit()) or len(micros) > 20:
        return None
    try:
        return EPOCH + datetime.timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        return None


def thread_page(community: Community, *, order: str = "latest", cursor: str = "") -> ThreadPage:
    """A page of the community's threads, newest first by latest post or by start, after `cursor`.

    Keyset paging (the row after the last one shown), not OFFSET: every page costs the same, however deep,
    at any number of threads.
    """
    field = ORDERS.get(order, ORDERS["latest"])
    threads = Thread.objects.filter(community=community)
    after = _read_cursor(cursor)
    if after is not None:
        moment, pk = after
        threads = threads.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    rows = list(threads.order_by(f"-{field}", "-id")[:THREADS_PER_PAGE + 1])
    more = len(rows) > THREADS_PER_PAGE
    rows = rows[:THREADS_PER_PAGE]
    return ThreadPage(rows, _cursor(getattr(rows[-1], field), rows[-1].pk) if more else None)


def thread_posts(thread: Thread) -> QuerySet[Post]:
    """A thread's published posts, oldest first, with their attachments (two queries, whatever the length)."""
    return (Post.objects.filter(thread=thread, status=Post.Status.PUBLISHED)
            .prefetch_related("attachments").order_by("posted_at", "id"))


def page_of(post: Post) -> int:
    """The page of its thread a published post is on (for its permanent link)."""
    before = Post.objects.filter(thread_id=post.thread_id, status=Post.Status.PUBLISHED).filter(
        Q(posted_at__lt=post.posted_at) | Q(posted_at=post.posted_at, pk__lt=post.pk)).count()
    return before // POSTS_PER_PAGE + 1


def attachment_in(community: Community, pk: int) -> PostAttachment | None:
    """An attachment of a published post of `community` (None for held, rejected or another community's)."""
    return PostAttachment.objects.filter(pk=pk, post__community=community,
                                         post__status=Post.Status.PUBLISHED).first()


def feed_posts(community: Community) -> QuerySet[Post]:
    """The community's newest published posts, for its feed."""
    return (Post.objects.filter(community=community, status=Post.Status.PUBLISHED, thread__isnull=False)
            .order_by("-posted_at", "-id")[:FEED_ITEMS])


@dataclass(frozen=True)
class SubscriptionRow:
    """One line of a member's subscriptions page."""

    community: Community
    subscription: Subscription | None
    can_join: bool


def subscription_rows(user) -> list[SubscriptionRow]:
    """Every community `user` may see: those whose archive they may read, those they may join, and those they
    are subscribed to (two queries, however many communities)."""
    joinable = Q(is_active=True, joining__in=(Community.Joining.OPEN, Community.Joining.APPROVAL))
    seen = Q(pk__in=readable_communities(user).values("pk")) | Q(subscriptions__member=user)
    if user.is_approved:
        seen |= joinable
    communities = Community.objects.filter(pk__in=Community.objects.filter(seen).values("pk")).order_by("name")
    mine = {item.community_id: item for item in Subscription.objects.filter(member=user)}
    rows = []
    for community in communities:
        subscription = mine.get(community.pk)
        can_join = (user.is_approved and subscription is None and community.is_active
                    and community.joining != Community.Joining.INVITATION)
        rows.append(SubscriptionRow(community, subscription, can_join))
    return rows


@dataclass(frozen=True)
class FoundPost:
    """A search hit with the post it names (for its thread's link)."""

    post: Post
    title_html: str
    snippet_html: str


def search_posts(user, text: str, *, community: Community | None = None, page: int = 1,
                 per_page: int = 20) -> tuple[list[FoundPost], SearchResults]:
    """Published posts matching `text` in the archives `user` may read (or in `community`, when they may)."""
    readable = readable_communities(user)
    if community is not None:
        readable = readable.filter(pk=community.pk)
    allowed = list(readable.values_list("pk", flat=True))
    # The scope is a condition inside the search's SQL: totals and pages count only what the searcher may read.
    # Only published posts are in the index; one who reads every archive needs no list of them.
    everything = community is None and len(allowed) == Community.objects.count()
    scope = Scope(kind=indexing.KIND, object_ids=None if everything else Post.objects.filter(
        community_id__in=allowed, status=Post.Status.PUBLISHED).values("pk"))
    results = search(text, scopes=[scope], page=page, per_page=per_page, facets=False,
                     prefer_language=getattr(user, "preferred_language", None) or None)
    posts = Post.objects.select_related("community").in_bulk([hit.object_id for hit in results.hits])
    found = [FoundPost(posts[hit.object_id], hit.title_html, hit.snippet_html) for hit in results.hits
             if hit.object_id in posts and posts[hit.object_id].community_id in allowed]
    return found, results
