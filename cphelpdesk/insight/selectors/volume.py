"""How many requests: per month and channel, per region, per country, per topic."""

from datetime import date

from django.db.models import Count

from cphelpdesk.directory.models import Country, Region
from cphelpdesk.insight.selectors.filters import Filters, received
from cphelpdesk.insight.selectors.periods import by_month, month_slots
from cphelpdesk.queries.models import Query
from cphelpdesk.taxonomy.models import Topic


def per_month_by_channel(period_start: date, period_end: date, filters: Filters | None = None
                         ) -> list[tuple[date, dict[str, int]]]:
    """Requests per calendar month of the period, per channel; every month of the period is listed."""
    months = month_slots(period_start, period_end, dict)
    for row in by_month(received(period_start, period_end, filters), "received_at", period_start, period_end,
                        "channel"):
        if row["n"]:
            months[row["month"]][row["channel"]] = row["n"]
    return sorted(months.items())


def per_region(period_start: date, period_end: date, filters: Filters | None = None) -> list[tuple[str, int]]:
    """Requests per region, most first ("" for queries with no country or a country outside the regions)."""
    rows = (received(period_start, period_end, filters).values("country__region_id")
            .annotate(n=Count("pk")).order_by("-n", "country__region_id"))
    regions = Region.objects.in_bulk([row["country__region_id"] for row in rows if row["country__region_id"]])
    return [(str(regions[row["country__region_id"]]) if row["country__region_id"] else "", row["n"]) for row in rows]


def per_country(period_start: date, period_end: date, filters: Filters | None = None) -> list[tuple[str, int]]:
    """Requests per country, most first ("" for queries with no country)."""
    return [(str(country) if country else "", n) for country, n in country_counts(period_start, period_end, filters)]


def country_counts(period_start: date, period_end: date, filters: Filters | None
                   ) -> list[tuple[Country | None, int]]:
    """Requests per country, most first (None for queries with no country)."""
    rows = (received(period_start, period_end, filters).values("country_id")
            .annotate(n=Count("pk")).order_by("-n", "country_id"))
    countries = Country.objects.in_bulk([row["country_id"] for row in rows if row["country_id"]])
    return [(countries.get(row["country_id"]), row["n"]) for row in rows]


def top_topics(period_start: date, period_end: date, filters: Filters | None = None,
               limit: int | None = 10) -> list[tuple[Topic, int]]:
    """Queries per topic, most first (a query with several topics counts once under each)."""
    requests = received(period_start, period_end, filters)
    counts = (Query.topics.through.objects.filter(query_id__in=requests.values("pk"))
              .values("topic_id").annotate(n=Count("query_id", distinct=True)).order_by("-n", "topic_id"))
    counts = list(counts[:limit] if limit else counts)
    topics = Topic.objects.in_bulk([row["topic_id"] for row in counts])
    return [(topics[row["topic_id"]], row["n"]) for row in counts]
