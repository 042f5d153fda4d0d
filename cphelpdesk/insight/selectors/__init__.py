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
- learning uptake (`learning`): enrolments, completions and withdrawals of the period, by pathway, region, desk
  and organisation type, drop-off by step and the median time to complete; only the filters describing members
  apply (the module's docstring says more).
- outreach: countries with an active national coordination group and no request received in the six months
  up to the end of the period (any topic, channel or organisation: it is about the country), narrowed by the
  desk, region and country filters.

- communities: see `insight.selectors.communities` for the definitions of community activity.

One module per part of the dashboard (periods and filters: what every figure shares); every public name is here.
"""

from cphelpdesk.insight.selectors.communities import (
    CommunityActivity,
    PlaceActivity,
    activity_per_country,
    activity_per_region,
    community_activity,
)
from cphelpdesk.insight.selectors.coverage import (
    OUTREACH_MONTHS,
    MapRow,
    OutreachRow,
    country_map,
    outreach,
    outreach_rows,
)
from cphelpdesk.insight.selectors.filters import Filters, counted, received
from cphelpdesk.insight.selectors.learning import (
    DIMENSIONS,
    LearningSummary,
    StepFunnel,
    Uptake,
    learning_summary,
    step_funnel,
    uptake_by,
)
from cphelpdesk.insight.selectors.overview import Headline, headline
from cphelpdesk.insight.selectors.periods import default_period, months_of, period_bounds
from cphelpdesk.insight.selectors.reach import NATIONAL_OR_LOCAL, new_members, reach_per_month
from cphelpdesk.insight.selectors.referrals_and_gaps import GapStatus, gap_register, referrals
from cphelpdesk.insight.selectors.resources import ResourceUseRow, published_per_month, resource_use
from cphelpdesk.insight.selectors.satisfaction import MIN_RATINGS, Satisfaction
from cphelpdesk.insight.selectors.timeliness import Timeliness
from cphelpdesk.insight.selectors.volume import per_country, per_month_by_channel, per_region, top_topics

__all__ = [
    "DIMENSIONS",
    "MIN_RATINGS",
    "NATIONAL_OR_LOCAL",
    "OUTREACH_MONTHS",
    "CommunityActivity",
    "Filters",
    "GapStatus",
    "Headline",
    "LearningSummary",
    "MapRow",
    "OutreachRow",
    "PlaceActivity",
    "ResourceUseRow",
    "Satisfaction",
    "StepFunnel",
    "Timeliness",
    "Uptake",
    "activity_per_country",
    "activity_per_region",
    "community_activity",
    "counted",
    "country_map",
    "default_period",
    "gap_register",
    "headline",
    "learning_summary",
    "months_of",
    "new_members",
    "outreach",
    "outreach_rows",
    "per_country",
    "per_month_by_channel",
    "per_region",
    "period_bounds",
    "published_per_month",
    "reach_per_month",
    "received",
    "referrals",
    "resource_use",
    "step_funnel",
    "top_topics",
    "uptake_by",
]
