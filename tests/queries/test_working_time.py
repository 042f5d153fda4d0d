"""Working time on a desk's calendar: weekends, holidays, opening hours, time zones."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cphelpdesk.queries.working_time import WorkCalendar

NAIROBI = ZoneInfo("Africa/Nairobi")


def at(*args, tz=NAIROBI):
    return datetime(*args, tzinfo=tz)


def test_a_working_day_from_friday_afternoon_ends_on_monday_afternoon():
    calendar = WorkCalendar(tz=NAIROBI)
    assert calendar.add(at(2026, 11, 27, 16, 0), 1, "working_days") == at(2026, 11, 30, 16, 0)


def test_time_outside_opening_hours_starts_counting_at_the_next_opening():
    calendar = WorkCalendar(tz=NAIROBI)
    assert calendar.add(at(2026, 11, 28, 11, 0), 1, "working_days") == at(2026, 11, 30, 17, 0)  # Saturday
    assert calendar.add(at(2026, 11, 30, 6, 0), 1, "working_days") == at(2026, 11, 30, 17, 0)
    assert calendar.add(at(2026, 11, 30, 20, 0), 1, "working_days") == at(2026, 12, 1, 17, 0)


def test_holidays_are_skipped():
    calendar = WorkCalendar(tz=NAIROBI, holidays=frozenset({date(2026, 12, 1)}))
    assert calendar.add(at(2026, 11, 30, 9, 0), 2, "working_days") == at(2026, 12, 2, 17, 0)


def test_a_sunday_to_thursday_desk_in_its_own_time_zone():
    amman = ZoneInfo("Asia/Amman")
    calendar = WorkCalendar(tz=amman, working_days=frozenset({6, 0, 1, 2, 3}))
    # Thursday 15:00 in Amman plus one working day: Friday and Saturday are the weekend.
    assert calendar.add(at(2026, 11, 26, 15, 0, tz=amman), 1, "working_days") == at(2026, 11, 29, 15, 0, tz=amman)
    # A UTC start is read on the desk's clock.
    start = datetime(2026, 11, 29, 5, 0, tzinfo=ZoneInfo("UTC"))  # 08:00 in Amman, before opening
    assert calendar.add(start, 1, "working_days") == at(2026, 11, 29, 17, 0, tz=amman)


def test_clock_hours_run_through_nights_and_weekends():
    calendar = WorkCalendar(tz=NAIROBI)
    assert calendar.add(at(2026, 11, 27, 16, 0), 24, "hours") == at(2026, 11, 28, 16, 0)


def test_working_minutes_between_counts_only_open_hours():
    calendar = WorkCalendar(tz=NAIROBI)
    assert calendar.working_minutes_between(at(2026, 11, 27, 16, 0), at(2026, 11, 30, 10, 0)) == 120
    assert calendar.working_minutes_between(at(2026, 11, 28, 10, 0), at(2026, 11, 29, 10, 0)) == 0
    assert calendar.working_minutes_between(at(2026, 11, 30, 10, 0), at(2026, 11, 27, 10, 0)) == 0


def test_a_calendar_needs_working_time():
    with pytest.raises(ValueError):
        WorkCalendar(tz=NAIROBI, working_days=frozenset())
    with pytest.raises(ValueError):
        WorkCalendar(tz=NAIROBI, opens=time(17), closes=time(9))


def test_a_pause_moves_a_due_date_by_its_working_time_or_by_the_clock():
    calendar = WorkCalendar(tz=NAIROBI)
    due = at(2026, 12, 2, 12, 0)
    # Paused from Friday 16:00 to Monday 10:00: two working hours (Friday 16-17, Monday 9-10), 66 clock hours.
    paused_from, resumed_at = at(2026, 11, 27, 16, 0), at(2026, 11, 30, 10, 0)
    assert calendar.after_pause(due, "working_days", paused_from, resumed_at) == at(2026, 12, 2, 14, 0)
    assert calendar.after_pause(due, "hours", paused_from, resumed_at) == at(2026, 12, 5, 6, 0)
    # Working minutes already measured are taken as given.
    assert calendar.after_pause(due, "working_days", paused_from, resumed_at, paused_minutes=30) == \
        at(2026, 12, 2, 12, 30)
