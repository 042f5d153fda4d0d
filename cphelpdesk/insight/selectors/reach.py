"""Reach: requests from national and local organisations, and the members who joined."""

from datetime import date

from django.db.models import Count, F, Q

from cphelpdesk.directory.models import Approval, Member, Organisation
from cphelpdesk.directory.roles import Role
from cphelpdesk.insight.selectors.filters import Filters, received
from cphelpdesk.insight.selectors.periods import by_month, month_slots, period_bounds

NATIONAL_OR_LOCAL = (Organisation.Scope.NATIONAL, Organisation.Scope.LOCAL)


def reach_per_month(period_start: date, period_end: date, filters: Filters | None = None
                    ) -> list[tuple[date, int, int]]:
    """Per calendar month of the period: requests, and those from national and local organisations."""
    months = month_slots(period_start, period_end, lambda: (0, 0))
    for row in by_month(received(period_start, period_end, filters), "received_at", period_start, period_end,
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
