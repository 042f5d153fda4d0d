"""What every query action shares: the status lifecycle, locking, permission checks, the SLA clock (the
timeline is `queries.timeline`). The underscored helpers are for the other modules of this package only."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cphelpdesk.core.config_cache import ConfigCache
from cphelpdesk.queries import routing
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import (
    OPEN_STATUSES,
    PAUSED_STATUSES,
    Query,
    SLATarget,
    Status,
)
from cphelpdesk.queries.working_time import WorkCalendar

SLA_TARGETS = ConfigCache(["queries.SLATarget"])


class InvalidTransition(ValidationError):
    """The query's status does not allow this action."""


class StaleForm(ValidationError):
    """The form was opened on a version of the query that someone has changed since: saving it would undo
    their change without anyone seeing it."""


# action -> statuses it may start from; the status it leads to is set by the action itself.
# Triage data (topics, country...) may be corrected at any time; only a new query changes status.
ALLOWED_FROM = {
    "triage": set(Status),
    "start": {Status.NEW, Status.TRIAGED, Status.AWAITING_REQUESTER, Status.REFERRED},
    "await_requester": {Status.NEW, Status.TRIAGED, Status.IN_PROGRESS},
    "refer": {Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.AWAITING_REQUESTER, Status.REFERRED},
    "answer": {Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.AWAITING_REQUESTER, Status.REFERRED},
    "close": {Status.ANSWERED},
    "reopen": {Status.ANSWERED, Status.CLOSED, Status.WITHDRAWN},
    "withdraw": set(OPEN_STATUSES),
    "merge": set(OPEN_STATUSES),
}
VERBS = {
    "triage": _("triaged"), "start": _("started"), "await_requester": _("put on hold for the requester"),
    "refer": _("referred"), "answer": _("marked answered"), "close": _("closed"), "reopen": _("reopened"),
    "withdraw": _("withdrawn"), "merge": _("merged"),
}


def _require(query: Query, action: str) -> None:
    if query.status not in ALLOWED_FROM[action]:
        raise InvalidTransition(
            _("Query %(reference)s is %(status)s and cannot be %(verb)s.")
            % {"reference": query.reference, "status": query.get_status_display().lower(), "verb": VERBS[action]}
        )


def _locked(query: Query) -> Query:
    """Re-read the query under a row lock: concurrent changes queue up instead of overwriting."""
    return Query.objects.select_for_update().get(pk=query.pk)


def _check(user, query: Query, *, work: bool = False, reply: bool = False):
    access = query_access(user, query)
    if (work and not access.can_work) or (reply and not access.can_reply) or not access.can_view:
        raise PermissionDenied(_("You may not do this on query %(reference)s.") % {"reference": query.reference})
    return access


# --- SLA -----------------------------------------------------------------------------------------

def _targets(sla_class: str) -> dict[str, SLATarget]:
    """The SLA targets of a class by measure (read once a minute per process: intake is a hot path)."""
    return SLA_TARGETS.get(sla_class, lambda: {
        target.measure: target for target in SLATarget.objects.filter(sla_class=sla_class)})


def _target(query: Query, measure: str) -> SLATarget | None:
    return _targets(query.sla_class).get(measure)


def _due(query: Query, measure: str, start: datetime) -> datetime | None:
    target = _target(query, measure)
    if target is None:
        return None
    return WorkCalendar.for_desk(query.desk).add(start, target.amount, target.unit)


def _due_after_pauses(query: Query, measure: str, start: datetime, calendar: WorkCalendar | None = None,
                      targets: dict | None = None) -> datetime | None:
    """The target from `start`, moved on by the time the query has already spent waiting."""
    target = targets.get(measure) if targets is not None else _target(query, measure)
    if target is None:
        return None
    calendar = calendar or WorkCalendar.for_desk(query.desk)
    due = calendar.add(start, target.amount, target.unit)
    if target.unit == "hours":
        return due + timedelta(seconds=query.paused_clock_seconds)
    return calendar.add_working_minutes(due, query.paused_working_minutes) if query.paused_working_minutes else due


def _set_sla_dues(query: Query) -> None:
    query.sla_class = routing.sla_class_for(query)
    # One calendar and one read of the targets for both due dates (intake is a hot path for mail).
    calendar = WorkCalendar.for_desk(query.desk)
    targets = _targets(query.sla_class)
    query.first_response_due = (None if query.first_response_at else _due_after_pauses(
        query, "first_response", query.received_at, calendar, targets))
    query.resolution_due = None if query.answered_at else _due_after_pauses(
        query, "resolution", query.received_at, calendar, targets)
    query.reminded_at = None


def _record_first_response(query: Query, now: datetime) -> None:
    """The first response goes out `now` (if none has): judge it against its due date, moved on by a pause
    still running (a reply while a referral is out), then clear the date."""
    if query.first_response_at is None:
        query.first_response_at = now
        due = query.first_response_due
        if due is not None and query.paused_at is not None:
            calendar = WorkCalendar.for_desk(query.desk)
            due = _paused_due(query, due, "first_response", now, calendar,
                              calendar.working_minutes_between(query.paused_at, now))
        query.first_response_on_time = None if due is None else now <= due
    query.first_response_due = None


def _paused_due(query: Query, due: datetime, measure: str, now: datetime, calendar: WorkCalendar,
                paused_minutes: float) -> datetime:
    """`due` moved on by the pause running since `query.paused_at`: clock time for targets in hours, the
    pause's working minutes for targets in working days."""
    target = _target(query, measure)
    if target is None:
        return due
    return calendar.after_pause(due, target.unit, query.paused_at, now, paused_minutes)


def _set_status(query: Query, status: str, now: datetime) -> None:
    """Change status, pausing the SLA clock while the helpdesk waits on someone else."""
    was_paused = query.status in PAUSED_STATUSES and query.paused_at is not None
    query.status = status
    if status in PAUSED_STATUSES and not was_paused:
        query.paused_at = now
    elif status not in PAUSED_STATUSES and was_paused:
        calendar = WorkCalendar.for_desk(query.desk)
        paused_minutes = calendar.working_minutes_between(query.paused_at, now)
        query.paused_working_minutes += paused_minutes
        query.paused_clock_seconds += (now - query.paused_at).total_seconds()
        for field, measure in (("first_response_due", "first_response"), ("resolution_due", "resolution")):
            if due := getattr(query, field):
                setattr(query, field, _paused_due(query, due, measure, now, calendar, paused_minutes))
        query.paused_at = None
