"""Working time on a desk's calendar: its time zone, working days and hours, and holidays.

SLA targets are counted in working days (a working day is the desk's daily opening hours) or in
clock hours; `WorkCalendar.add` handles both and `working_minutes_between` measures pauses.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from cphelpdesk.core.config_cache import ConfigCache
from cphelpdesk.queries.models import Holiday

DEFAULT_DAYS = frozenset({0, 1, 2, 3, 4})
CALENDARS = ConfigCache(["queries.Holiday", "directory.Desk"])


@dataclass(frozen=True)
class WorkCalendar:
    tz: ZoneInfo
    working_days: frozenset[int] = DEFAULT_DAYS
    opens: time = time(9)
    closes: time = time(17)
    holidays: frozenset[date] = frozenset()

    def __post_init__(self):
        if not self.working_days or self.closes <= self.opens:
            raise ValueError("A work calendar needs at least one working day and opening hours.")

    @classmethod
    def for_desk(cls, desk) -> "WorkCalendar":
        """The calendar of `desk` (UTC, Monday to Friday 09:00-17:00 when there is no desk)."""
        return CALENDARS.get((desk.pk, desk.time_zone, tuple(desk.working_days or ()), desk.opens_at,
                              desk.closes_at) if desk else None, lambda: cls._read(desk))

    @classmethod
    def _read(cls, desk) -> "WorkCalendar":
        if desk is None:
            holidays = Holiday.objects.filter(desk__isnull=True)
            return cls(tz=ZoneInfo("UTC"), holidays=frozenset(holidays.values_list("date", flat=True)))
        holidays = Holiday.objects.filter(Q(desk=desk) | Q(desk__isnull=True)).values_list("date", flat=True)
        return cls(
            tz=ZoneInfo(desk.time_zone), working_days=frozenset(desk.working_days or DEFAULT_DAYS),
            opens=_as_time(desk.opens_at), closes=_as_time(desk.closes_at), holidays=frozenset(holidays),
        )

    @property
    def minutes_per_day(self) -> int:
        return (datetime.combine(date.min, self.closes) - datetime.combine(date.min, self.opens)).seconds // 60

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_days and day not in self.holidays

    def _window(self, day: date) -> tuple[datetime, datetime]:
        return (datetime.combine(day, self.opens, tzinfo=self.tz), datetime.combine(day, self.closes, tzinfo=self.tz))

    def add(self, start: datetime, amount: int, unit: str) -> datetime:
        """`start` plus `amount` working days ("working_days") or clock hours ("hours")."""
        if unit == "hours":
            return start + timedelta(hours=amount)
        return self.add_working_minutes(start, amount * self.minutes_per_day)

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """The moment `minutes` of working time after `start`."""
        moment = start.astimezone(self.tz)
        remaining = timedelta(minutes=minutes)
        day = moment.date()
        # Bounded: a year of days always holds working time once the calendar has working days.
        for _ in range(3660):
            if self.is_working_day(day):
                opens, closes = self._window(day)
                moment = max(moment, opens)
                if moment < closes:
                    available = closes - moment
                    if remaining <= available:
                        return moment + remaining
                    remaining -= available
            day += timedelta(days=1)
            moment = self._window(day)[0]
        raise ValueError("No working time found within ten years (every day a holiday?).")

    def after_pause(self, due: datetime, unit: str, paused_from: datetime, resumed_at: datetime,
                    paused_minutes: float | None = None) -> datetime:
        """`due` moved on by a pause from `paused_from` to `resumed_at`: by the clock time for targets in hours,
        by the pause's working minutes for targets in working days (`paused_minutes` when already measured)."""
        if unit == "hours":
            return due + (resumed_at - paused_from)
        if paused_minutes is None:
            paused_minutes = self.working_minutes_between(paused_from, resumed_at)
        return self.add_working_minutes(due, paused_minutes)

    def working_minutes_between(self, start: datetime, end: datetime) -> float:
        """Working minutes from `start` to `end` (0 when end is not after start)."""
        if end <= start:
            return 0.0
        total = timedelta()
        day = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        while day <= last:
            if self.is_working_day(day):
                opens, closes = self._window(day)
                overlap = min(closes, end) - max(opens, start)
                if overlap > timedelta():
                    total += overlap
            day += timedelta(days=1)
        return total.total_seconds() / 60


def _as_time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))
