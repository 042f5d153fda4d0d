"""Time to first response per SLA class: median and 90th percentile hours, and the on-time rate."""

import statistics
from dataclasses import dataclass

from django.db.models import Count, FloatField, Func, Q, QuerySet
from django.utils import timezone

from cphelpdesk.queries.models import SLAClass


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


def first_response_times(requests: QuerySet) -> list[Timeliness]:
    """Time to first response of `requests`, one per SLA class that has queries, then "all"."""
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
