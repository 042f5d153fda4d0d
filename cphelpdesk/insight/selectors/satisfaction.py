"""Satisfaction: the requesters' ratings submitted in the period, never shown below `MIN_RATINGS` responses."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count

from cphelpdesk.insight.selectors.filters import Filters, counted
from cphelpdesk.surveys.models import Rating

MIN_RATINGS = 3  # DESIGN.md: satisfaction is never shown for fewer than 3 responses (privacy)


@dataclass(frozen=True)
class Satisfaction:
    responses: int
    appropriateness: float
    timeliness: float
    quality: float
    overall: float


def satisfaction_of(start: datetime, end: datetime, filters: Filters) -> tuple[int, Satisfaction | None]:
    """How many ratings were submitted in [start, end) on queries matching `filters`, and their means when there
    are at least `MIN_RATINGS` of them."""
    ratings = Rating.objects.filter(submitted_at__gte=start, submitted_at__lt=end,
                                    query__in=counted(filters).values("pk"))
    figures = ratings.aggregate(responses=Count("pk"), appropriateness=Avg("appropriateness"),
                                timeliness=Avg("timeliness"), quality=Avg("quality"))
    if figures["responses"] < MIN_RATINGS:
        return figures["responses"], None
    overall = (figures["appropriateness"] + figures["timeliness"] + figures["quality"]) / 3
    return figures["responses"], Satisfaction(overall=overall, **figures)
