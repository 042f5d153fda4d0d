"""Reads of queries: the staff queue with its filters and its exports, a member's own queries, similar queries."""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.config_cache import ConfigCache
from cphelpdesk.detection.kinds import Review
from cphelpdesk.directory.models import Desk, FocalPoint, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.access import visible_attachments, visible_messages, visible_queries
from cphelpdesk.queries.indexing import KIND
from cphelpdesk.queries.models import (
    OPEN_STATUSES,
    PAUSED_STATUSES,
    Assignment,
    Gap,
    Message,
    Query,
    Referral,
    Status,
)
from cphelpdesk.search.engine import Likeness, Scope, matching, similar
from cphelpdesk.search.models import SearchEntry
from cphelpdesk.taxonomy.models import Topic

KEYWORD_IDS = 5_000
KEYWORD_LOOKUPS = 1_000
# A query's reference (queries.actions.intake.next_reference), as typed in the queue's search box or named in
# a mail's subject.
REFERENCE = re.compile(r"\bCPH-\d{4}-\d{4,}\b", re.IGNORECASE)
SORTS = {
    "newest": ("-received_at", "-id"),
    "oldest": ("received_at", "id"),
    # The next due date, whichever it is; queries without one last (the same on SQLite and PostgreSQL).
    "due": (Coalesce("first_response_due", "resolution_due").asc(nulls_last=True), "received_at"),
    "reference": ("reference",),
}


@dataclass
class QueueFilters:
    """The staff queue's filters, as chosen in the filter form or the API's query string."""

    statuses: list[str] = field(default_factory=list)
    country: int | None = None
    region: int | None = None
    topic: int | None = None
    assignee: int | None = None  # a member id; 0 means unassigned
    channel: str = ""
    language: str = ""
    desk: int | None = None
    service_type: str = ""
    overdue: bool = False
    personal_data: bool = False
    search: str = ""
    sort: str = "newest"


def overdue_condition(now: datetime) -> Q:
    """Open, clock running, and a due date passed."""
    return (Q(status__in=OPEN_STATUSES) & ~Q(status__in=PAUSED_STATUSES)
            & (Q(first_response_due__lt=now) | Q(resolution_due__lt=now)))


def queue(user: Member, filters: QueueFilters, now: datetime | None = None) -> QuerySet[Query]:
    """The queries `user` may see, filtered and sorted for the staff queue."""
    return queue_listing(user, filters, now).queries


@dataclass(frozen=True)
class QueueListing:
    """The staff queue (`queries`) and how to count it cheaply: a keyword matching many queries, with no filter
    but what the user may see, is counted from its matches (`matched`: SQL selecting their object_id), each
    tested against `visible` (the queries the user may see), instead of from the queries."""

    queries: QuerySet[Query]
    visible: QuerySet[Query] | None = None
    matched: tuple[str, list] | None = None

    @property
    def counter(self):
        """`count_matches` when the matches are the cheaper way to count the queue, else None (the paginator
        counts the queries)."""
        return None if self.visible is None or self.matched is None else self.count_matches

    def count_matches(self, limit: int) -> int:
        """How many queries the queue holds, counted from the keyword's matches, at most `limit`."""
        # Counting the queries by testing each against the matches scanned thousands of them for a common word
        # (8-13 ms at 100,000 queries); read from the index, the matches come one query each (an entry per
        # object) and the count stops as soon as `limit` of them are in the queue.
        sql, params = self.matched
        try:
            test, test_params = (self.visible.filter(pk=RawSQL("matched.object_id", ())).order_by().values("pk")
                                 .query.sql_with_params())
        except EmptyResultSet:  # conditions Django knows no query meets (a .none() for an inactive account)
            return 0
        with connection.cursor() as cursor:
            # The engine's and the ORM's SQL, with their values as parameters.
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM ({sql}) matched WHERE EXISTS ({test}) "  # noqa: S608
                           "LIMIT %s) capped", [*params, *test_params, limit])
            return cursor.fetchone()[0]


def queue_listing(user: Member, filters: QueueFilters, now: datetime | None = None) -> QueueListing:
    """`queue`, with a cheaper way of counting it where there is one (`QueueListing.counter`)."""
    queries = visible_queries(user).select_related("country", "desk")
    conditions = Q()
    if filters.statuses and set(filters.statuses) != set(Status.values):
        conditions &= Q(status__in=filters.statuses)
    for name, lookup in (("country", "country_id"), ("region", "country__region_id"), ("desk", "desk_id"),
                         ("channel", "channel"), ("language", "language"), ("service_type", "service_type")):
        value = getattr(filters, name)
        if value not in (None, ""):
            conditions &= Q(**{lookup: value})
    if filters.topic:
        conditions &= Exists(Query.topics.through.objects.filter(query_id=OuterRef("pk"), topic_id=filters.topic))
    active = Assignment.objects.filter(query=OuterRef("pk"), ended_at__isnull=True)
    if filters.assignee == 0:
        conditions &= ~Exists(active)
    elif filters.assignee:
        conditions &= Exists(active.filter(member_id=filters.assignee))
    if filters.overdue:
        conditions &= overdue_condition(now or timezone.now())
    if filters.personal_data:
        conditions &= Q(personal_data=True)
    search = filters.search.strip()
    keyword, matched = Q(), None
    if REFERENCE.fullmatch(search):
        keyword = Q(reference=search.upper())
    elif search:
        keyword, matched = _keyword(search)
    order = SORTS.get(filters.sort, SORTS["newest"])
    listed = queries.filter(conditions & keyword).order_by(*order)
    if matched is None or conditions:
        # A filter (the open statuses by default) lets the database count from its own index instead; reading
        # the matches to find the few that pass it costs more (30 ms instead of 10 for "assessment", open).
        return QueueListing(queries=listed)
    return QueueListing(queries=listed, visible=queries, matched=matched)


def _keyword(text: str) -> tuple[Q, tuple[str, list] | None]:
    """Queries whose subject or text has the words of `text` (the search index: stems and glossary terms, as
    staff search reads them); a subject holding `text` when it has no word to search for. With it, when more
    than KEYWORD_LOOKUPS queries match, the SQL selecting their ids from the index, to count them from."""
    found = matching(text, kind=KIND)
    if found is None:
        return Q(subject__icontains=text), None
    # Up to KEYWORD_IDS matches are listed by id. Up to KEYWORD_LOOKUPS of them, the database starts from
    # them rather than walking every query in the queue's order to test each; with more, that walk meets
    # enough of them soon, testing each query against the list, or past KEYWORD_IDS its own index entry
    # against the matching entries.
    sql, params = found.objects
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [*params, KEYWORD_IDS + 1])
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return Q(pk__in=[]), None
    if len(ids) <= KEYWORD_IDS:
        # Written into the SQL as one list of integers: as thousands of parameters, Django would prepare each id
        # every time the page, its count and its export are compiled (most of the request at a few thousand).
        listed = RawSQL(",".join(str(int(pk)) for pk in ids), ())  # noqa: S611 (integers only)
        if len(ids) <= KEYWORD_LOOKUPS:
            return Q(pk__in=listed), None
        # Fetching a thousand listed queries by id to sort them all for a page of 50 costs more than the walk:
        # `pk + 0` (not an indexed column) keeps the database from starting from the ids.
        return Q(In(ExpressionWrapper(F("pk") + 0, output_field=IntegerField()), listed)), found.objects
    return Q(Exists(SearchEntry.objects.filter(kind=KIND, object_id=OuterRef("pk"),
                                               id__in=RawSQL(*found.entries)))), found.objects  # noqa: S611


def queries_for_export(user: Member, filters: QueueFilters, *, with_content: bool = False) -> QuerySet[Query]:
    """The queue's queries (`queue`: only those `user` may see) with what an export lists beside them:
    place, organisation, topics (`topic_list`), referral count, whether a gap is linked and the rating's
    scores; with `with_content`, their messages too (`thread`, oldest first)."""
    referrals = (Referral.objects.filter(query=OuterRef("pk")).order_by().values("query")
                 .annotate(n=Count("pk")).values("n"))
    queries = (queue(user, filters)
               .select_related("country__region", "desk", "organisation")
               .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("code"), to_attr="topic_list"))
               .annotate(referral_count=Coalesce(Subquery(referrals), 0),
                         has_gap=Exists(Gap.queries.through.objects.filter(query_id=OuterRef("pk"))),
                         rating_appropriateness=F("rating__appropriateness"),
                         rating_timeliness=F("rating__timeliness"), rating_quality=F("rating__quality")))
    if with_content:
        queries = queries.prefetch_related(
            Prefetch("messages", queryset=Message.objects.order_by("created_at", "id"), to_attr="thread"))
    return queries


# Who may be assigned to a query, and the order their groups are listed in.
ASSIGNABLE_ROLES = (Role.OFFICER, Role.EXPERT, Role.FOCAL_POINT, Role.MANAGER)
ROLE_GROUP_NAMES = {Role.OFFICER: _("Helpdesk officers"), Role.EXPERT: _("Technical experts"),
                    Role.FOCAL_POINT: _("Regional focal points"), Role.MANAGER: _("Managers")}


def staff_members() -> QuerySet[Member]:
    """Everyone who may be assigned to a query, by name."""
    return (Member.objects.filter(is_active=True, groups__name__in=ASSIGNABLE_ROLES)
            .distinct().order_by("full_name"))


@dataclass(frozen=True)
class Assignable:
    """A person in the "Assign to" list: where they work and how many open queries they are on."""

    pk: int
    name: str
    places: tuple[str, ...]
    open_load: int = 0


# Who may be assigned, with their desks or regions, changes with the directory rather than with each page: read
# once per process and language until a member, a role, a desk or a region changes (a login saves the member).
STAFF_DIRECTORY = ConfigCache(["directory.Member", "directory.Member_groups", "auth.Group", "directory.Desk",
                               "directory.Desk_officers", "directory.FocalPoint", "directory.Region"], ttl=600)


def assignable_staff() -> list[tuple[str, list[Assignable]]]:
    """The people who may be assigned, grouped by role (someone with several roles under the first of
    ASSIGNABLE_ROLES), each with their desks or regions and their open load."""
    # From the open queries (a few thousand at most, by the status index) to their assignments, rather than
    # from every assignment still running to its query: closed queries keep theirs, so those grow without end.
    open_queries = Query.objects.filter(status__in=OPEN_STATUSES).values("pk")
    load = dict(Assignment.objects.filter(ended_at__isnull=True, query_id__in=open_queries)
                .values_list("member").annotate(count=Count("id")).values_list("member", "count"))
    return [(group, [replace(person, open_load=load.get(person.pk, 0)) for person in people])
            for group, people in STAFF_DIRECTORY.get(get_language(), _assignable_people)]


def _assignable_people() -> list[tuple[str, list[Assignable]]]:
    members = list(staff_members().values_list("pk", "full_name", "email"))
    ids = [pk for pk, _name, _email in members]
    # Read as rows rather than prefetched per member: three prefetches for a few dozen people cost more in
    # Django's related managers than the whole of the database's work.
    roles: dict[int, set[str]] = {}
    for member_id, role in (Member.groups.through.objects.filter(member_id__in=ids, group__name__in=ASSIGNABLE_ROLES)
                            .values_list("member_id", "group__name")):
        roles.setdefault(member_id, set()).add(role)
    places: dict[int, list[str]] = {}
    for officer in (Desk.officers.through.objects.filter(member_id__in=ids).select_related("desk")
                    .order_by("-desk__is_global", "desk__name")):  # the desks' own order
        places.setdefault(officer.member_id, []).append(officer.desk.localized_name)
    for focal_point in FocalPoint.objects.filter(member_id__in=ids).select_related("region").order_by("pk"):
        places.setdefault(focal_point.member_id, []).append(focal_point.region.localized_name)
    groups: dict[str, list[Assignable]] = {role: [] for role in ASSIGNABLE_ROLES}
    for pk, full_name, email in members:
        role = next(role for role in ASSIGNABLE_ROLES if role in roles[pk])
        groups[role].append(Assignable(pk, full_name or email, tuple(places.get(pk, ()))))  # as Member.__str__
    return [(str(ROLE_GROUP_NAMES[role]), people) for role, people in groups.items() if people]


def gap_register(user: Member) -> QuerySet[Gap]:
    """The register of gaps in guidance, each with the queries `user` may see of those linked to it (`visible`,
    references only), by status then newest first."""
    visible = Prefetch("queries", queryset=visible_queries(user).only("reference"), to_attr="visible")
    return Gap.objects.select_related("topic").prefetch_related(visible).order_by("status", "-noted_at")


def queries_of_requester(member: Member) -> QuerySet[Query]:
    """A member's own queries, newest first."""
    return Query.objects.filter(requester=member).select_related("country").order_by("-received_at")


def triage_version(query: Query, topics: Iterable[Topic] | None = None) -> str:
    """A digest of what the triage form shows of `query` (topics, country, urgency, service type, sensitivity,
    desk): the form carries the version it was opened on, so that a save over someone else's newer triage is
    refused instead of silently undoing it. `topics`: the query's topics when already read."""
    topic_ids = sorted(topic.pk for topic in topics) if topics is not None else \
        sorted(query.topics.values_list("pk", flat=True))
    state = (topic_ids, query.country_id, query.urgency, query.service_type, int(query.sensitivity), query.desk_id)
    return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


def question(query: Query, thread: Iterable[Message] | None = None) -> Message | None:
    """The query's question: the requester's first message (None once erased). A caller holding the query's
    messages in order (`thread`, a prefetch) passes them and no database query is made."""
    if thread is not None:
        return next((message for message in thread if message.kind == Message.Kind.REQUESTER), None)
    return query.messages.filter(kind=Message.Kind.REQUESTER).order_by("created_at", "id").first()


def question_text(query: Query) -> str:
    """The query's subject and question: what it asks, for finding what is like it."""
    first = question(query)
    return f"{query.subject}\n{first.body if first else ''}"


def question_likeness(query: Query) -> Likeness:
    """The query's question (`question_text`) as "more like this" reads it, shared by the searches of its "like
    this" panel (other queries, the repository)."""
    return Likeness(question_text(query), query.language)


def similar_queries(user: Member, query: Query, like: str | Likeness, limit: int = 5) -> list[Query]:
    """Other queries most like this one's question (its `question_text`, or that text's `question_likeness`),
    among those `user` may see (search "more like this" over the query index)."""
    scope = Scope(kind=KIND, published_only=False,
                  object_ids=visible_queries(user).exclude(pk=query.pk).values("pk"))
    hits = similar(like, scopes=[scope], language=query.language, limit=limit)
    found = Query.objects.in_bulk([hit.object_id for hit in hits])
    return [found[hit.object_id] for hit in hits if hit.object_id in found]


def timeline(query: Query):
    return query.events.select_related("actor").order_by("at", "id")


def open_findings(access, query) -> QuerySet:
    """The open personal-data findings of `query` shown to staff with `access` (`queries.access.Access`):
    only those found in a message or file they may open themselves, so that the panel never tells them
    what a message or file hidden from them holds, nor a hidden file's name."""
    if not access.staff:
        return query.personal_data_findings.none()
    # The privacy app's intake scan stores them (`privacy.models.Finding`) on the query's reverse relation.
    return (query.personal_data_findings.filter(state=Review.OPEN)
            .filter(Q(attachment__isnull=True, message__in=visible_messages(access, query))
                    | Q(attachment__in=visible_attachments(access, query)))
            .select_related("message", "attachment"))
