"""Queries judge their first response when it goes out; this judges those already answered, as insight did."""

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations, models
from django.db.models import Q

from cphelpdesk.queries.working_time import DEFAULT_DAYS, WorkCalendar


def _calendar(desk, Holiday):
    holidays = Holiday.objects.filter(Q(desk__isnull=True) | Q(desk=desk) if desk else Q(desk__isnull=True))
    dates = frozenset(holidays.values_list("date", flat=True))
    if desk is None:
        return WorkCalendar(tz=ZoneInfo("UTC"), holidays=dates)
    return WorkCalendar(tz=ZoneInfo(desk.time_zone), working_days=frozenset(desk.working_days or DEFAULT_DAYS),
                        opens=_time(desk.opens_at), closes=_time(desk.closes_at), holidays=dates)


def _time(value):
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def judge_answered(apps, schema_editor):
    Query, SLATarget = apps.get_model("queries", "Query"), apps.get_model("queries", "SLATarget")
    Holiday, Desk = apps.get_model("queries", "Holiday"), apps.get_model("directory", "Desk")
    targets = {target.sla_class: target for target in SLATarget.objects.filter(measure="first_response")}
    calendars = {None: _calendar(None, Holiday)}
    calendars.update({desk.pk: _calendar(desk, Holiday) for desk in Desk.objects.all()})
    verdicts = {True: [], False: []}
    rows = Query.objects.filter(first_response_at__isnull=False).values_list(
        "pk", "sla_class", "desk_id", "received_at", "first_response_at", "paused_working_minutes",
        "paused_clock_seconds")
    for pk, sla_class, desk_id, received_at, responded_at, paused_minutes, paused_seconds in rows.iterator(2000):
        target = targets.get(sla_class)
        if target is None:
            continue
        if target.unit == "hours":
            due = received_at + timedelta(hours=target.amount, seconds=paused_seconds or 0)
        else:
            calendar = calendars.get(desk_id, calendars[None])
            due = calendar.add_working_minutes(
                received_at, target.amount * calendar.minutes_per_day + (paused_minutes or 0))
        verdicts[responded_at <= due].append(pk)
    for verdict, pks in verdicts.items():
        for start in range(0, len(pks), 500):
            Query.objects.filter(pk__in=pks[start:start + 500]).update(first_response_on_time=verdict)


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0001_initial"),
        ("queries", "0005_attachment_scanned_at_message_scanned_at_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="query",
            name="first_response_on_time",
            field=models.BooleanField(blank=True, null=True, verbose_name="first response on time"),
        ),
        migrations.RunPython(judge_answered, migrations.RunPython.noop),
    ]
