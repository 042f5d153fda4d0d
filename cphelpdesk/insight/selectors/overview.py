"""The headline figures of DESIGN.md for a period and filters, in one `Headline`."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from cphelpdesk.directory.models import Country
from cphelpdesk.insight.selectors.coverage import outreach
from cphelpdesk.insight.selectors.filters import Filters, counted, received
from cphelpdesk.insight.selectors.periods import period_bounds
from cphelpdesk.insight.selectors.reach import NATIONAL_OR_LOCAL
from cphelpdesk.insight.selectors.satisfaction import Satisfaction, satisfaction_of
from cphelpdesk.insight.selectors.timeliness import Timeliness, first_response_times
from cphelpdesk.insight.selectors.volume import top_topics
from cphelpdesk.queries.models import Gap, Outcome
from cphelpdesk.taxonomy.models import Topic


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
    ratings, satisfaction = satisfaction_of(start, end, filters)
    return Headline(
        period_start=period_start, period_end=period_end, requests=totals["requests"],
        countries=totals["countries"], closed=closing["closed"], full=closing["full"], with_gaps=with_gaps,
        timeliness=first_response_times(requests), ratings=ratings, satisfaction=satisfaction,
        national_or_local=totals["national_or_local"], top_topics=top_topics(period_start, period_end, filters),
        outreach=outreach(period_end, filters),
    )
