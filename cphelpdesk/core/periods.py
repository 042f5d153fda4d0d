"""Periods of whole days, as the reports and exports of several apps count them."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def period_bounds(period_start: date, period_end: date) -> tuple[datetime, datetime]:
    """The period as [start, end) moments: from the first day's midnight to the midnight after the last day."""
    zone = timezone.get_default_timezone()
    return (datetime.combine(period_start, time.min, tzinfo=zone),
            datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=zone))
