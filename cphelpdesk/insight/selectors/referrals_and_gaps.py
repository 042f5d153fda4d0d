"""Where answers needed others: referrals by destination and outcome, and the gap register by status."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from cphelpdesk.insight.selectors.filters import Filters, counted
from cphelpdesk.insight.selectors.periods import period_bounds
from cphelpdesk.queries.models import Gap, Referral


def referrals(period_start: date, period_end: date, filters: Filters | None = None) -> dict[str, dict[str, int]]:
    """Referrals sent in the period on counted queries matching the filters: destination -> status -> count."""
    start, end = period_bounds(period_start, period_end)
    rows = (Referral.objects.filter(sent_at__gte=start, sent_at__lt=end, query__in=counted(filters).values("pk"))
            .values("destination", "status").annotate(n=Count("pk")).order_by())
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        result.setdefault(row["destination"], {})[row["status"]] = row["n"]
    return result


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
