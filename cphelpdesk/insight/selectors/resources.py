"""The resource repository: the most used resources, and resources published and answers banked per month."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from cphelpdesk.insight.selectors.filters import Filters
from cphelpdesk.insight.selectors.periods import by_month, month_slots, period_bounds
from cphelpdesk.library.models import Resource, ResourceUse


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
    months = month_slots(period_start, period_end, lambda: [0, 0])
    published = resources.filter(published_at__gte=start, published_at__lt=end)
    banked = resources.filter(source_query__isnull=False, created_at__gte=start, created_at__lt=end)
    for column, (rows, moment) in enumerate(((published, "published_at"), (banked, "created_at"))):
        for row in by_month(rows, moment, period_start, period_end):
            months[row["month"]][column] = row["n"]
    return [(month, published, banked) for month, (published, banked) in sorted(months.items())]
