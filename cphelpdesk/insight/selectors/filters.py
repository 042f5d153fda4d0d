"""The filters that narrow every figure, and the queries that count as requests."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from cphelpdesk.directory.models import Country, Desk, Region
from cphelpdesk.insight.selectors.periods import period_bounds
from cphelpdesk.queries.models import Query
from cphelpdesk.taxonomy.models import Topic


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


def counted(filters: Filters | None = None) -> QuerySet:
    """The queries that count as requests, narrowed by `filters`."""
    return (filters or Filters()).apply(Query.objects.counted())


def received(period_start: date, period_end: date, filters: Filters | None = None) -> QuerySet:
    start, end = period_bounds(period_start, period_end)
    return counted(filters).filter(received_at__gte=start, received_at__lt=end)
