"""Community activity: posts, threads, the share of threads peers answered, threads turned into queries, and
the active communities by the posting members' countries and regions.

- posts: published posts dated in the period (an imported archive counts in the months it was written);
- threads: threads started in the period; answered by peers: of those, the threads with at least one published
  reply from someone other than the starter, the helpdesk's own posts not counted
  (`communities.helpdesk.with_peer_answers`);
- turned into queries: threads whose query was received in the period;
- active communities: communities with at least one post in the period; by place, those with a post by a member
  of that country (or region). Posts by someone without an account (imported, chat) have no country: "Unknown".

Of the filters, the desk applies to the community's desk, and region and country to the posting member's (for
threads: the starter's) country; topic, organisation type and channel describe queries, not posts.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery

from cphelpdesk.communities.helpdesk import with_peer_answers
from cphelpdesk.communities.models import Post, Thread
from cphelpdesk.directory.models import Country, Region
from cphelpdesk.insight.selectors.filters import Filters
from cphelpdesk.insight.selectors.periods import period_bounds


@dataclass(frozen=True)
class CommunityActivity:
    posts: int
    threads: int
    answered_by_peers: int
    turned_into_queries: int
    active_communities: int

    @property
    def peer_answer_rate(self) -> float | None:
        return self.answered_by_peers / self.threads if self.threads else None


@dataclass(frozen=True)
class PlaceActivity:
    place: str  # "" for posts with no country on record
    communities: int
    members: int  # members who posted
    posts: int


def _by_place(rows: QuerySet, filters: Filters, country: str) -> QuerySet:
    # The desk is the community's, never the member's country's.
    return replace(filters, desk=None).apply_to_places(rows, country)


def posts_in(period_start: date, period_end: date, filters: Filters | None = None) -> QuerySet[Post]:
    """The published posts of the period, narrowed by the filters that apply to posts."""
    filters = filters or Filters()
    start, end = period_bounds(period_start, period_end)
    posts = Post.objects.filter(status=Post.Status.PUBLISHED, posted_at__gte=start, posted_at__lt=end)
    if filters.desk is not None:
        posts = posts.filter(community__desk=filters.desk)
    return _by_place(posts, filters, "author__country")


def _threads(filters: Filters) -> QuerySet[Thread]:
    threads = Thread.objects.all()
    if filters.desk is not None:
        threads = threads.filter(community__desk=filters.desk)
    if filters.region is None and filters.country is None:
        return threads
    first = (Post.objects.filter(thread=OuterRef("pk"), status=Post.Status.PUBLISHED)
             .order_by("posted_at", "id").values("author__country")[:1])
    places = _by_place(Country.objects.all(), filters, "")
    return threads.annotate(starter_country=Subquery(first)).filter(starter_country__in=places.values("pk"))


def community_activity(period_start: date, period_end: date, filters: Filters | None = None) -> CommunityActivity:
    """The period's community figures (see the module's definitions)."""
    filters = filters or Filters()
    start, end = period_bounds(period_start, period_end)
    posts = posts_in(period_start, period_end, filters)
    started = _threads(filters).filter(started_at__gte=start, started_at__lt=end)
    return CommunityActivity(
        posts=posts.count(),
        threads=started.count(),
        answered_by_peers=with_peer_answers(started).filter(answered_by_peers=True).count(),
        turned_into_queries=_threads(filters).filter(query__received_at__gte=start, query__received_at__lt=end)
        .count(),
        active_communities=posts.values("community_id").distinct().count(),
    )


def _activity(posts: QuerySet[Post], key: str) -> list[dict]:
    return list(posts.values(key).annotate(communities=Count("community_id", distinct=True),
                                           members=Count("author_id", distinct=True), n=Count("pk"))
                .order_by("-communities", "-n", key))


def activity_per_region(period_start: date, period_end: date, filters: Filters | None = None
                        ) -> list[PlaceActivity]:
    """Per region of the posting members' countries: active communities, members who posted, posts."""
    rows = _activity(posts_in(period_start, period_end, filters), "author__country__region_id")
    regions = Region.objects.in_bulk([row["author__country__region_id"] for row in rows
                                      if row["author__country__region_id"]])
    return [PlaceActivity(str(regions[row["author__country__region_id"]]) if row["author__country__region_id"]
                          else "", row["communities"], row["members"], row["n"]) for row in rows]


def activity_per_country(period_start: date, period_end: date, filters: Filters | None = None
                         ) -> list[PlaceActivity]:
    """Per country of the posting members: active communities, members who posted, posts."""
    rows = _activity(posts_in(period_start, period_end, filters), "author__country_id")
    countries = Country.objects.in_bulk([row["author__country_id"] for row in rows if row["author__country_id"]])
    return [PlaceActivity(str(countries[row["author__country_id"]]) if row["author__country_id"] else "",
                          row["communities"], row["members"], row["n"]) for row in rows]
