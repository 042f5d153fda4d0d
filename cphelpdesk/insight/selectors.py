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
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, FloatField, Func, OuterRef, Q, QuerySet
from django.utils import timezone

from cphelpdesk.directory.models import Country, Desk, Organisation, Region
from cphelpdesk.queries.models import Gap, Outcome, Query, SLAClass
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


def period_bounds(period_start: date, period_end: date) -> tuple[datetime, datetime]:
    """The period as [start, end) moments: from the first day's midnight to the midnight after the last day."""
    zone = timezone.get_default_timezone()
    return (datetime.combine(period_start, time.min, tzinfo=zone),
            datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=zone))


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
    from django.db.models import Avg

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
    countries = Country.objects.with_active_group()
    if filters.desk is not None:
        countries = countries.filter(desk=filters.desk)
    if filters.region is not None:
        countries = countries.filter(region=filters.region)
    if filters.country is not None:
        countries = countries.filter(pk=filters.country.pk)
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
    """Requests per calendar month of the period, per channel; every month of the period is listed.

    One conditional count per month over the period's rows, rather than truncating each row's date: on SQLite
    `TruncMonth` calls a Python function for every row, which took a second a year at 100k queries.
    """
    months = months_of(period_start, period_end)
    counts = {f"m{index}": Count("pk", filter=Q(received_at__gte=_midnight(month),
                                                 received_at__lt=_midnight(_next_month(month))))
              for index, month in enumerate(months)}
    rows = received(period_start, period_end, filters).values("channel").annotate(**counts).order_by()
    per_month: list[tuple[date, dict[str, int]]] = [(month, {}) for month in months]
    for row in rows:
        for index, (_month, channels) in enumerate(per_month):
            if row[f"m{index}"]:
                channels[row["channel"]] = row[f"m{index}"]
    return per_month


def per_region(period_start: date, period_end: date, filters: Filters | None = None) -> list[tuple[str, int]]:
    """Requests per region, most first ("" for queries with no country or a country outside the regions)."""
    rows = (received(period_start, period_end, filters).values("country__region_id")
            .annotate(n=Count("pk")).order_by("-n", "country__region_id"))
    regions = Region.objects.in_bulk([row["country__region_id"] for row in rows if row["country__region_id"]])
    return [(str(regions[row["country__region_id"]]) if row["country__region_id"] else "", row["n"]) for row in rows]


def per_country(period_start: date, period_end: date, filters: Filters | None = None) -> list[tuple[str, int]]:
    """Requests per country, most first ("" for queries with no country)."""
    rows = (received(period_start, period_end, filters).values("country_id")
            .annotate(n=Count("pk")).order_by("-n", "country_id"))
    countries = Country.objects.in_bulk([row["country_id"] for row in rows if row["country_id"]])
    return [(str(countries[row["country_id"]]) if row["country_id"] else "", row["n"]) for row in rows]


@dataclass(frozen=True)
class OutreachRow:
    country: Country
    last_query: datetime | None
    last_contact: object  # the latest directory.OutreachContact, or None


def outreach_rows(today: date | None = None) -> list[OutreachRow]:
    """The outreach list as of `today` with, for each country, its last query and its last outreach contact."""
    from django.db.models import Max

    from cphelpdesk.directory.models import OutreachContact

    countries = outreach(today or timezone.localdate())
    last_queries = dict(Query.objects.counted().filter(country__in=countries).values("country")
                        .annotate(last=Max("received_at")).values_list("country", "last"))
    contacts = {}
    for contact in OutreachContact.objects.filter(country__in=countries).select_related("by").order_by(
            "country", "-contacted_on", "-id"):
        contacts.setdefault(contact.country_id, contact)
    return [OutreachRow(country, last_queries.get(country.pk), contacts.get(country.pk)) for country in countries]
