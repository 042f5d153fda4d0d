"""Insight's reads: the metrics of DESIGN.md ("Metric definitions"), for one period and a set of filters.

Nothing here writes. A period is two dates, both included, read in the service's time zone (TIME_ZONE). The
filters narrow every figure the same way: desk, region and country (the query's country), topic, the type of
the requester's organisation and the channel. Withdrawn and merged queries are never counted (`counted()`).

Choices the definitions leave open (docs/architecture.md, "Insight", says the same):
- full response and gap rates: the denominator is the queries *closed* in the period (`closed_at`), withdrawn and
  merged ones excluded; the numerators are those of them answered with outcome "full", and those of them linked
  to at least one gap in the register.
- time to first response: clock hours from `received_at` to `first_response_at`, for queries received in the
  period, per SLA class. On time means the first response went out by its due date: the SLA policy's first
  response target counted on the desk's calendar from receipt, extended by the time the query was paused. The
  query judges this when its first response goes out (`Query.first_response_on_time`), so later changes to the
  policy or a calendar leave past figures as they were. A query still waiting whose due date has passed counts
  as late; one still within its target is not counted yet.
- satisfaction: ratings submitted in the period on queries that match the filters; never shown below
  `MIN_RATINGS` responses.
- reach: national and local organisations are those whose *scope* is national or local
  (`Organisation.is_national_or_local`): national and local NGOs and CBOs, government bodies and national Red
  Cross / Red Crescent societies alike, which is what localisation commitments count. The share is over all
  the period's requests (a request with no organisation on record counts as not national or local).
- outreach: countries with an active national coordination group and no request received in the six months
  up to the end of the period (any topic, channel or organisation: it is about the country), narrowed by the
  desk, region and country filters.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, Exists, F, FloatField, Func, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from cphelpdesk.core.periods import period_bounds
from cphelpdesk.directory.models import Approval, Country, Desk, Member, Organisation, OutreachContact, Region
from cphelpdesk.directory.roles import Role
from cphelpdesk.library.models import Resource, ResourceUse
from cphelpdesk.queries.models import Gap, Outcome, Query, Referral, SLAClass
from cphelpdesk.surveys.models import Rating
from cphelpdesk.taxonomy.models import Topic

MIN_RATINGS = 3  # DESIGN.md: satisfaction is never shown for fewer than 3 responses (privacy)
OUTREACH_MONTHS = 6
NATIONAL_OR_LOCAL = (Organisation.Scope.NATIONAL, Organisation.Scope.LOCAL)


@dataclass(frozen=True)
class Filters:
    desk: Desk | None = None
    region: Region | None = None
    country: Country | None = None
    topic: Topic | None = None
    organisation_type: str = ""
    channel: str = ""

    def apply(self, queries: QuerySet) -> QuerySet:
        if self.desk is not None:
            queries = queries.filter(desk=self.desk)
        if self.region is not None:
            queries = queries.filter(country__region=self.region)
        if self.country is not None:
            queries = queries.filter(country=self.country)
        if self.topic is not None:
            queries = queries.filter(Exists(Query.topics.through.objects.filter(
                query_id=OuterRef("pk"), topic_id=self.topic.pk)))
        if self.organisation_type:
            queries = queries.filter(organisation__type=self.organisation_type)
        if self.channel:
            queries = queries.filter(channel=self.channel)
        return queries

    def apply_to_places(self, rows: QuerySet, country: str) -> QuerySet:
        """`rows` narrowed by the filters that name a place (desk, region, country), read through `country`,
        the path to the rows' country ("" when the rows are countries): for figures about places or people
        rather than queries."""
        path = f"{country}__" if country else ""
        if self.desk is not None:
            rows = rows.filter(**{f"{path}desk": self.desk})
        if self.region is not None:
            rows = rows.filter(**{f"{path}region": self.region})
        if self.country is not None:
            rows = rows.filter(**{country or "pk": self.country.pk})
        return rows


@dataclass(frozen=True)
class Timeliness:
    """Time to first response for one SLA class (or all of them): hours, and the on-time rate."""

    sla_class: str
    responded: int
    median_hours: float | None
    p90_hours: float | None
    on_time: int
    late: int

    @property
    def on_time_rate(self) -> float | None:
        judged = self.on_time + self.late
        return self.on_time / judged if judged else None


@dataclass(frozen=True)
class Satisfaction:
    responses: int
    appropriateness: float
    timeliness: float
    quality: float
    overall: float


@dataclass(frozen=True)
class Headline:
    period_start: date
    period_end: date
    requests: int
    countries: int
    closed: int
    full: int
    with_gaps: int
    timeliness: list[Timeliness]  # one per SLA class that has queries, then "all"
    ratings: int  # how many ratings the period holds, even when too few to show
    satisfaction: Satisfaction | None
    national_or_local: int
    top_topics: list[tuple[Topic, int]] = field(default_factory=list)
    outreach: list[Country] = field(default_factory=list)

    @property
    def full_rate(self) -> float | None:
        return self.full / self.closed if self.closed else None

    @property
    def gap_rate(self) -> float | None:
        return self.with_gaps / self.closed if self.closed else None

    @property
    def reach(self) -> float | None:
        return self.national_or_local / self.requests if self.requests else None

    @property
    def overall_timeliness(self) -> Timeliness:
        return self.timeliness[-1]


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 12 months: the day a year ago up to today."""
    today = today or timezone.localdate()
    try:
        start = today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28) + timedelta(days=1)
    return start, today


def counted(filters: Filters | None = None) -> QuerySet:
    """The queries that count as requests, narrowed by `filters`."""
    return (filters or Filters()).apply(Query.objects.counted())


def received(period_start: date, period_end: date, filters: Filters | None = None) -> QuerySet:
    start, end = period_bounds(period_start, period_end)
    return counted(filters).filter(received_at__gte=start, received_at__lt=end)


def headline(period_start: date, period_end: date, filters: Filters | None = None) -> Headline:
    """Every headline figure of DESIGN.md for the period and filters."""
    filters = filters or Filters()
    start, end = period_bounds(period_start, period_end)
    requests = received(period_start, period_end, filters)
    totals = requests.aggregate(
        requests=Count("pk"), countries=Count("country", distinct=True),
        national_or_local=Count("pk", filter=Q(organisation__scope__in=NATIONAL_OR_LOCAL)))
    closed = counted(filters).filter(closed_at__gte=start, closed_at__lt=end)
    closing = closed.aggregate(closed=Count("pk"), full=Count("pk", filter=Q(outcome=Outcome.FULL)))
    with_gaps = closed.filter(Exists(Gap.queries.through.objects.filter(query_id=OuterRef("pk")))).count()
    ratings, satisfaction = _satisfaction(start, end, filters)
    return Headline(
        period_start=period_start, period_end=period_end, requests=totals["requests"],
        countries=totals["countries"], closed=closing["closed"], full=closing["full"], with_gaps=with_gaps,
        timeliness=_timeliness(requests), ratings=ratings, satisfaction=satisfaction,
        national_or_local=totals["national_or_local"], top_topics=top_topics(period_start, period_end, filters),
        outreach=outreach(period_end, filters),
    )


def _percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted `values` (the 90th: 90% of values are at or below it)."""
    rank = max(1, -(-len(values) * share // 1))  # ceil without floats going astray
    return values[int(rank) - 1]


class _Seconds(Func):
    """Seconds from the second datetime to the first, computed by the database (no row parsed in Python)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
                              arg_joiner=" - ", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() is a float of days: rounding to the millisecond removes its error in the last digits.
        return super().as_sql(compiler, connection, template="ROUND((julianday(%(expressions)s)) * 86400.0, 3)",
                              arg_joiner=") - julianday(", **extra_context)


def _timeliness(requests: QuerySet) -> list[Timeliness]:
    now = timezone.now()
    verdicts = {row["sla_class"]: row for row in requests.values("sla_class").annotate(
        on_time=Count("pk", filter=Q(first_response_on_time=True)),
        late=Count("pk", filter=Q(first_response_on_time=False)
                   | Q(first_response_at__isnull=True, first_response_due__lt=now))).order_by()}
    hours: dict[str, list[float]] = {sla_class: [] for sla_class in verdicts}
    waits = (requests.filter(first_response_at__isnull=False)
             .values_list("sla_class", _Seconds("first_response_at", "received_at")).order_by())
    for sla_class, seconds in waits.iterator(5000):
        hours[sla_class].append(seconds / 3600)
    order = [value for value, _label in SLAClass.choices]
    result = [_summary(name, hours[name], verdicts[name]["on_time"], verdicts[name]["late"])
              for name in order if name in verdicts]
    everything = sorted(value for values in hours.values() for value in values)
    result.append(_summary("all", everything, sum(v["on_time"] for v in verdicts.values()),
                           sum(v["late"] for v in verdicts.values()), presorted=True))
    return result


def _summary(name: str, hours: list[float], on_time: int, late: int, presorted: bool = False) -> Timeliness:
    values = hours if presorted else sorted(hours)
    return Timeliness(
        sla_class=name, responded=len(values), median_hours=statistics.median(values) if values else None,
        p90_hours=_percentile(values, 0.9) if values else None, on_time=on_time, late=late)


def _satisfaction(start: datetime, end: datetime, filters: Filters) -> tuple[int, Satisfaction | None]:
    ratings = Rating.objects.filter(submitted_at__gte=start, submitted_at__lt=end,
                                    query__in=counted(filters).values("pk"))
    figures = ratings.aggregate(responses=Count("pk"), appropriateness=Avg("appropriateness"),
                                timeliness=Avg("timeliness"), quality=Avg("quality"))
    if figures["responses"] < MIN_RATINGS:
        return figures["responses"], None
    overall = (figures["appropriateness"] + figures["timeliness"] + figures["quality"]) / 3
    return figures["responses"], Satisfaction(overall=overall, **figures)


def top_topics(period_start: date, period_end: date, filters: Filters | None = None,
               limit: int | None = 10) -> list[tuple[Topic, int]]:
    """Queries per topic, most first (a query with several topics counts once under each)."""
    requests = received(period_start, period_end, filters)
    counts = (Query.topics.through.objects.filter(query_id__in=requests.values("pk"))
              .values("topic_id").annotate(n=Count("query_id", distinct=True)).order_by("-n", "topic_id"))
    counts = list(counts[:limit] if limit else counts)
    topics = Topic.objects.in_bulk([row["topic_id"] for row in counts])
    return [(topics[row["topic_id"]], row["n"]) for row in counts]


def outreach(period_end: date, filters: Filters | None = None) -> list[Country]:
    """Countries with an active national coordination group and no request in the six months to `period_end`."""
    filters = filters or Filters()
    _start, end = period_bounds(period_end, period_end)
    since = _months_before(period_end, OUTREACH_MONTHS)
    recent = Query.objects.counted().filter(
        country=OuterRef("pk"), received_at__gte=period_bounds(since, since)[0], received_at__lt=end)
    countries = filters.apply_to_places(Country.objects.with_active_group(), "")
    return list(countries.filter(~Exists(recent)).select_related("region").order_by("name"))


def _months_before(day: date, months: int) -> date:
    """The day `months` months before `day`, plus one: six months up to 30 June start on 1 January."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last)) + timedelta(days=1)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def months_of(period_start: date, period_end: date) -> list[date]:
    """The first day of every calendar month the period touches."""
    months, day = [], period_start.replace(day=1)
    while day <= period_end:
        months.append(day)
        day = _next_month(day)
    return months


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _midnight(day: date) -> datetime:
    return period_bounds(day, day)[0]


def per_month_by_channel(period_start: date, period_end: date, filters: Filters | None = None
                         ) -> list[tuple[date, dict[str, int]]]:
    """Requests per calendar month of the period, per channel; every month of the period is listed."""
    months = _months(period_start, period_end, dict)
    for row in _by_month(received(period_start, period_end, filters), "received_at", period_start, period_end,
                         "channel"):
        if row["n"]:
            months[row["month"]][row["channel"]] = row["n"]
    return sorted(months.items())


def _months(period_start: date, period_end: date, empty) -> dict:
    """Every calendar month of the period (its first day), each with `empty()`."""
    return {month: empty() for month in months_of(period_start, period_end)}


def _by_month(rows: QuerySet, moment: str, period_start: date, period_end: date, *keys: str,
              **conditions: Q) -> list[dict]:
    """`rows` counted per calendar month of the period by their `moment` (and per `keys`): a dict per month and
    combination of keys, with the month (a date) and a count per entry of `conditions` (default: n, every row).

    One conditional count per month rather than truncating each row's date: on SQLite `TruncMonth` calls a
    Python function for every row, which took a second for a year of 100k queries.
    """
    conditions = conditions or {"n": Q()}
    months = months_of(period_start, period_end)
    aggregates = {}
    for index, month in enumerate(months):
        in_month = Q(**{f"{moment}__gte": _midnight(month), f"{moment}__lt": _midnight(_next_month(month))})
        for name, condition in conditions.items():
            aggregates[f"{name}_{index}"] = Count("pk", filter=in_month & condition)
    grouped = rows.values(*keys).annotate(**aggregates).order_by() if keys else [rows.aggregate(**aggregates)]
    return [{"month": month, **{key: row[key] for key in keys},
             **{name: row[f"{name}_{index}"] for name in conditions}}
            for row in grouped for index, month in enumerate(months)]


def per_region(period_start: date, period_end: date, filters: Filters | None = None) -> list[tuple[str, int]]:
    """Requests per region, most first ("" for queries with no country or a country outside the regions)."""
    rows = (received(period_start, period_end, filters).values("country__region_id")
            .annotate(n=Count("pk")).order_by("-n", "country__region_id"))
    regions = Region.objects.in_bulk([row["country__region_id"] for row in rows if row["country__region_id"]])
    return [(str(regions[row["country__region_id"]]) if row["country__region_id"] else "", row["n"]) for row in rows]


def per_country(period_start: date, period_end: date, filters: Filters | None = None) -> list[tuple[str, int]]:
    """Requests per country, most first ("" for queries with no country)."""
    return [(str(country) if country else "", n) for country, n in _country_counts(period_start, period_end, filters)]


def _country_counts(period_start: date, period_end: date, filters: Filters | None) -> list[tuple[Country | None, int]]:
    rows = (received(period_start, period_end, filters).values("country_id")
            .annotate(n=Count("pk")).order_by("-n", "country_id"))
    countries = Country.objects.in_bulk([row["country_id"] for row in rows if row["country_id"]])
    return [(countries.get(row["country_id"]), row["n"]) for row in rows]


@dataclass(frozen=True)
class MapRow:
    country: Country
    requests: int
    outreach: bool  # an active coordination group and no request in the six months to the period's end


def country_map(period_start: date, period_end: date, filters: Filters | None = None,
                outreach_countries: list[Country] | None = None) -> list[MapRow]:
    """The world map's countries: those with requests in the period (most first), then the outreach countries
    with none; `outreach_countries` is `outreach(period_end, filters)` when the caller already has it."""
    if outreach_countries is None:
        outreach_countries = outreach(period_end, filters)
    marked = {country.pk for country in outreach_countries}
    rows = [MapRow(country, n, country.pk in marked)
            for country, n in _country_counts(period_start, period_end, filters) if country is not None]
    listed = {row.country.pk for row in rows}
    return rows + [MapRow(country, 0, True) for country in outreach_countries if country.pk not in listed]


def referrals(period_start: date, period_end: date, filters: Filters | None = None) -> dict[str, dict[str, int]]:
    """Referrals sent in the period on counted queries matching the filters: destination -> status -> count."""
    start, end = period_bounds(period_start, period_end)
    rows = (Referral.objects.filter(sent_at__gte=start, sent_at__lt=end, query__in=counted(filters).values("pk"))
            .values("destination", "status").annotate(n=Count("pk")).order_by())
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        result.setdefault(row["destination"], {})[row["status"]] = row["n"]
    return result


def reach_per_month(period_start: date, period_end: date, filters: Filters | None = None
                    ) -> list[tuple[date, int, int]]:
    """Per calendar month of the period: requests, and those from national and local organisations."""
    months = _months(period_start, period_end, lambda: (0, 0))
    for row in _by_month(received(period_start, period_end, filters), "received_at", period_start, period_end,
                         n=Q(), local=Q(organisation__scope__in=NATIONAL_OR_LOCAL)):
        months[row["month"]] = (row["n"], row["local"])
    return [(month, n, local) for month, (n, local) in sorted(months.items())]


def new_members(period_start: date, period_end: date, filters: Filters | None = None) -> list[tuple[str, int]]:
    """Members approved who joined in the period, per type of organisation ("" for none on record), most first.
    People with the member role only: the helpdesk's own staff are not reach.

    Only the filters that describe a member apply: desk, region and country (the member's country) and the
    organisation type; topic and channel describe queries, not people.
    """
    filters = filters or Filters()
    start, end = period_bounds(period_start, period_end)
    members = filters.apply_to_places(Member.objects.filter(
        date_joined__gte=start, date_joined__lt=end, approval=Approval.APPROVED, groups__name=Role.MEMBER), "country")
    if filters.organisation_type:
        members = members.filter(organisation__type=filters.organisation_type)
    rows = members.values("organisation__type").annotate(n=Count("pk")).order_by(
        "-n", F("organisation__type").asc(nulls_last=True))
    return [(row["organisation__type"] or "", row["n"]) for row in rows]


@dataclass(frozen=True)
class GapStatus:
    status: str
    noted: int  # noted in the period
    total: int  # in the register now, whenever noted


def gap_register(period_start: date, period_end: date, filters: Filters | None = None) -> list[GapStatus]:
    """The gap register by status (every status listed): the gaps noted in the period and all of them.

    With no filter that is the whole register; a filter keeps the gaps linked to at least one counted query that
    matches it (a gap recorded with no query then drops out), or, for the topic filter, the gaps filed under it.
    """
    filters = filters or Filters()
    start, end = period_bounds(period_start, period_end)
    gaps = Gap.objects.all()
    if filters != Filters():
        linked = Exists(Gap.queries.through.objects.filter(gap_id=OuterRef("pk"),
                                                          query_id__in=counted(filters).values("pk")))
        gaps = gaps.filter(linked | Q(topic=filters.topic)) if filters.topic is not None else gaps.filter(linked)
    counts = {row["status"]: row for row in gaps.values("status").annotate(
        total=Count("pk"), noted=Count("pk", filter=Q(noted_at__gte=start, noted_at__lt=end))).order_by()}
    return [GapStatus(status, counts.get(status, {}).get("noted", 0), counts.get(status, {}).get("total", 0))
            for status, _label in Gap.Status.choices]


@dataclass(frozen=True)
class ResourceUseRow:
    resource: Resource
    views: int
    downloads: int


def resource_use(period_start: date, period_end: date, filters: Filters | None = None,
                 limit: int = 15) -> list[ResourceUseRow]:
    """The repository's most used resources in the period: page views and file downloads (daily counters),
    most viewed first. Of the filters only the topic applies: resources are not filed by desk or channel."""
    filters = filters or Filters()
    uses = ResourceUse.objects.filter(day__gte=period_start, day__lte=period_end)
    if filters.topic is not None:
        uses = uses.filter(resource__topics=filters.topic)
    rows = list(uses.values("resource_id").annotate(views=Sum("views"), downloads=Sum("downloads"))
                .order_by("-views", "-downloads", "resource_id")[:limit])
    resources = Resource.objects.in_bulk([row["resource_id"] for row in rows])
    return [ResourceUseRow(resources[row["resource_id"]], row["views"], row["downloads"]) for row in rows]


def published_per_month(period_start: date, period_end: date, filters: Filters | None = None
                        ) -> list[tuple[date, int, int]]:
    """Per calendar month of the period: resources published, and answers banked from queries (drafted from a
    query, published or not yet). Of the filters only the topic applies, as for `resource_use`."""
    filters = filters or Filters()
    start, end = period_bounds(period_start, period_end)
    resources = Resource.objects.all()
    if filters.topic is not None:
        resources = resources.filter(topics=filters.topic)
    months = _months(period_start, period_end, lambda: [0, 0])
    published = resources.filter(published_at__gte=start, published_at__lt=end)
    banked = resources.filter(source_query__isnull=False, created_at__gte=start, created_at__lt=end)
    for column, (rows, moment) in enumerate(((published, "published_at"), (banked, "created_at"))):
        for row in _by_month(rows, moment, period_start, period_end):
            months[row["month"]][column] = row["n"]
    return [(month, published, banked) for month, (published, banked) in sorted(months.items())]


@dataclass(frozen=True)
class OutreachRow:
    country: Country
    last_query: datetime | None
    last_contact: object  # the latest directory.OutreachContact, or None


def outreach_rows(today: date | None = None) -> list[OutreachRow]:
    """The outreach list as of `today` with, for each country, its last query and its last outreach contact."""
    countries = outreach(today or timezone.localdate())
    last_queries = dict(Query.objects.counted().filter(country__in=countries).values("country")
                        .annotate(last=Max("received_at")).values_list("country", "last"))
    contacts = {}
    for contact in OutreachContact.objects.filter(country__in=countries).select_related("by").order_by(
            "country", "-contacted_on", "-id"):
        contacts.setdefault(contact.country_id, contact)
    return [OutreachRow(country, last_queries.get(country.pk), contacts.get(country.pk)) for country in countries]
