"""Learning uptake: enrolments, completions, withdrawals, drop-off by step and time to complete, by pathway,
region, desk and type of organisation.

Choices (docs/learning_documents.md says the same):
- enrolments are those made in the period (`enrolled_at`), completions those completed in it (`completed_at`,
  whenever the member enrolled), withdrawals those withdrawn in it; a member who enrolled again after
  withdrawing counts once, as the row does.
- time to complete: whole days from enrolling to completing, for the completions of the period; the median.
- drop-off by step: the period's enrolments (a cohort) followed along each pathway's steps in order: how many
  did each step, and how many of those who did the step before it did not do this one (for the first step, of
  the enrolled). Steps done out of order (without prerequisites) can make a later step's count larger: the
  drop-off is then 0, never negative.
- only the filters that describe the member apply: desk, region, country (the member's country) and the type of
  their organisation; topic and channel describe queries. Learning referrals are recommendations made on
  queries, so every filter applies to them, through their query.
"""

import statistics
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from cphelpdesk.insight.selectors.filters import Filters, counted
from cphelpdesk.insight.selectors.periods import period_bounds
from cphelpdesk.learning.models import Certificate, Enrolment, LearningReferral, Step, StepProgress

# The groupings of the uptake tables: the enrolment's path to the grouping's value.
DIMENSIONS = {
    "pathway": "pathway",
    "region": "member__country__region",
    "desk": "member__country__desk",
    "organisation_type": "member__organisation__type",
}


@dataclass(frozen=True)
class Uptake:
    """One group's figures (`key`: the pathway, region or desk id, or the organisation type; None: unknown)."""

    key: object
    enrolments: int
    completions: int
    withdrawals: int
    median_days: float | None


@dataclass(frozen=True)
class StepFunnel:
    step: Step
    cohort: int  # the period's enrolments in the step's pathway
    done: int
    dropped: int


@dataclass(frozen=True)
class LearningSummary:
    enrolments: int
    completions: int
    withdrawals: int
    median_days: float | None
    certificates: int
    referrals: int


def enrolments(filters: Filters | None = None) -> QuerySet:
    """Every enrolment whose member matches the filters that describe members."""
    filters = filters or Filters()
    rows = filters.apply_to_places(Enrolment.objects.all(), "member__country")
    if filters.organisation_type:
        rows = rows.filter(member__organisation__type=filters.organisation_type)
    return rows


def _in(period_start: date, period_end: date, moment: str) -> Q:
    start, end = period_bounds(period_start, period_end)
    return Q(**{f"{moment}__gte": start, f"{moment}__lt": end})


def _days(rows: QuerySet) -> dict:
    """Days from enrolling to completing, per group key (`group`), for the completed rows given."""
    found: dict = {}
    for key, enrolled, completed in rows:
        found.setdefault(key, []).append((completed - enrolled).total_seconds() / 86400)
    return found


def _median(days: list[float]) -> float | None:
    return round(statistics.median(days), 1) if days else None


def uptake_by(dimension: str, period_start: date, period_end: date, filters: Filters | None = None
              ) -> list[Uptake]:
    """The period's figures per pathway, region, desk or organisation type (`DIMENSIONS`), most enrolments
    first."""
    path = DIMENSIONS[dimension]
    rows = enrolments(filters)
    completed = Q(status=Enrolment.Status.COMPLETED) & _in(period_start, period_end, "completed_at")
    counts = (rows.filter(_in(period_start, period_end, "enrolled_at") | completed
                          | _in(period_start, period_end, "withdrawn_at"))
              .values(path).annotate(
                  enrolments=Count("pk", filter=_in(period_start, period_end, "enrolled_at")),
                  completions=Count("pk", filter=completed),
                  withdrawals=Count("pk", filter=_in(period_start, period_end, "withdrawn_at"))).order_by())
    days = _days(rows.filter(completed).values_list(path, "enrolled_at", "completed_at"))
    found = [Uptake(row[path], row["enrolments"], row["completions"], row["withdrawals"],
                    _median(days.get(row[path], []))) for row in counts]
    return sorted(found, key=lambda row: (-row.enrolments, -row.completions, str(row.key)))


def step_funnel(period_start: date, period_end: date, filters: Filters | None = None) -> list[StepFunnel]:
    """Each step of the pathways enrolled in during the period, in pathway and step order, with how many of
    the period's enrolments did it and how many stopped before it."""
    cohort = enrolments(filters).filter(_in(period_start, period_end, "enrolled_at"))
    sizes = dict(cohort.values_list("pathway").annotate(n=Count("pk")).order_by())
    done = dict(StepProgress.objects.filter(enrolment__in=cohort, status=StepProgress.Status.DONE)
                .values_list("step").annotate(n=Count("pk")).order_by())
    steps = Step.objects.filter(pathway__in=sizes.keys()).select_related("pathway").order_by(
        "pathway__order", "pathway__title", "order", "id")
    rows, before = [], {}
    for step in steps:
        size = sizes[step.pathway_id]
        did = done.get(step.pk, 0)
        previous = before.get(step.pathway_id, size)
        rows.append(StepFunnel(step, size, did, max(previous - did, 0)))
        before[step.pathway_id] = did
    return rows


def learning_summary(period_start: date, period_end: date, filters: Filters | None = None) -> LearningSummary:
    """The period's totals, with certificates issued and learning recommended on queries."""
    rows = enrolments(filters)
    completed = rows.filter(_in(period_start, period_end, "completed_at"), status=Enrolment.Status.COMPLETED)
    days = [day for group in _days(completed.values_list("pathway", "enrolled_at", "completed_at")).values()
            for day in group]
    return LearningSummary(
        enrolments=rows.filter(_in(period_start, period_end, "enrolled_at")).count(),
        completions=completed.count(),
        withdrawals=rows.filter(_in(period_start, period_end, "withdrawn_at")).count(),
        median_days=_median(days),
        certificates=Certificate.objects.filter(_in(period_start, period_end, "issued_at"),
                                                enrolment__in=rows).count(),
        referrals=LearningReferral.objects.filter(_in(period_start, period_end, "created_at"),
                                                  query__in=counted(filters)).count(),
    )
