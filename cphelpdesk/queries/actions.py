"""Every change to a query, in one place: web, API, mail gateway and tasks all call these.

Each public function runs in one transaction, enforces the status lifecycle, writes its QueryEvent
and queues its notifications (sent by the worker after commit). Permission is checked here too, so
no channel can skip it; an illegal transition raises `InvalidTransition` with a clear message.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import TimestampSigner
from django.db import connection, transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.core.config_cache import ConfigCache
from cphelpdesk.core.inputs import clean_text
from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.core.uploads import check_upload
from cphelpdesk.directory.models import Country, Desk, Member, Organisation
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.threading import query_headers, referral_headers
from cphelpdesk.queries import indexing, routing
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import (
    OPEN_STATUSES,
    PAUSED_STATUSES,
    Assignment,
    Attachment,
    Channel,
    Gap,
    Message,
    Outcome,
    Query,
    QueryEvent,
    ReferenceCounter,
    Referral,
    SLATarget,
    Status,
)
from cphelpdesk.queries.working_time import WorkCalendar
from cphelpdesk.taxonomy.models import Topic

# Sent once an answer has committed, for work outside its transaction (the feedback request is made inside it).
query_answered = Signal()

REFERRAL_SALT = "cphelpdesk.queries.referral"
SLA_TARGETS = ConfigCache(["queries.SLATarget"])
# The interface languages, and Portuguese, which the Spanish desk also answers in.
QUERY_LANGUAGES = frozenset({*dict(settings.LANGUAGES), "pt"})
INDIVIDUAL_CASE_PLACEHOLDER = "[Details of an individual case were removed by the helpdesk.]"


class InvalidTransition(ValidationError):
    """The query's status does not allow this action."""


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


# Events after which the query's text, topics or status changed: the search index follows, in the
# same transaction.
REINDEXING_EVENTS = {"submitted", "triaged", "noted", "replied", "requester_replied", "withdrawn", "merged",
                     "reopened", "individual_case_removed"}


def _event(query: Query, kind: str, actor=None, actor_label: str = "", reindex: bool = True, **data) -> QueryEvent:
    """Record what happened; the search index follows unless the caller indexes the query itself."""
    event = QueryEvent.objects.create(
        query=query, kind=kind, actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label, data=data,
    )
    if reindex and kind in REINDEXING_EVENTS:
        indexing.index(query)
    return event


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
    if target.unit == "hours":
        return due + (now - query.paused_at)
    return calendar.add_working_minutes(due, paused_minutes)


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


# --- intake --------------------------------------------------------------------------------------

def next_reference(year: int) -> str:
    """CPH-<year>-<number>, numbered per year without gaps (the increment locks the counter row)."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        # One statement on the intake hot path (SQLite 3.35+ and PostgreSQL both return the new value).
        cursor.execute(f'UPDATE {table} SET "last" = "last" + 1 WHERE "year" = %s RETURNING "last"', [year])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        ReferenceCounter.objects.get_or_create(year=year)
        return next_reference(year)
    return f"CPH-{year}-{row[0]:04d}"


def _save_attachments(message: Message, uploads: Iterable) -> list[Attachment]:
    from django.conf import settings

    uploads = list(uploads or [])
    if len(uploads) > settings.HELPDESK_MAX_ATTACHMENTS:
        raise ValidationError(_("At most %(count)s files can be attached to one message.")
                              % {"count": settings.HELPDESK_MAX_ATTACHMENTS})
    # Every file is checked before any is stored, so a refused file leaves nothing behind.
    checked_uploads = [(upload, check_upload(upload)) for upload in uploads]
    saved = []
    for upload, checked in checked_uploads:
        attachment = Attachment(message=message, original_name=checked.name, content_type=checked.content_type,
                                size=checked.size, sha256=checked.sha256, sensitivity=message.sensitivity)
        attachment.file.save(checked.name, upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved


@transaction.atomic
def submit_query(
    *,
    subject: str,
    question: str,
    requester: Member | None = None,
    requester_name: str = "",
    requester_email: str = "",
    country: Country | None = None,
    organisation: Organisation | None = None,
    language: str = "en",
    topics: Iterable[Topic] = (),
    urgency: str = "standard",
    service_type: str = "question",
    needed_by=None,
    channel: str = Channel.WEB,
    attachments: Iterable = (),
    no_child_details_confirmed: bool = False,
    logged_by: Member | None = None,
    received_at: datetime | None = None,
    acknowledge: bool = True,
) -> Query:
    """Record a new query with its question as the first message, route it, and acknowledge it.

    Preconditions: a `requester` acting for themself must be an approved member (staff logging a
    phone call or meeting pass `logged_by`); without a member, `requester_email` says who asked.
    """
    if requester is not None and logged_by is None and not requester.has_perm("directory.act_as_member"):
        raise PermissionDenied(_("Your membership must be approved before you can submit a query."))
    if logged_by is not None and not logged_by.has_perm("queries.log_query"):
        raise PermissionDenied(_("Only helpdesk officers can log queries for others."))
    subject, question = " ".join(clean_text(subject).split())[:250], clean_text(question)
    if not subject or not question:
        raise ValidationError(_("A query needs a subject and a question."))
    if language not in QUERY_LANGUAGES:
        raise ValidationError(_("Choose the language of the answer among %(languages)s.")
                              % {"languages": ", ".join(sorted(QUERY_LANGUAGES))})
    now = timezone.now()
    received_at = received_at or now
    topics = list(topics)
    query = Query(
        reference=next_reference(received_at.year),
        subject=subject,
        language=language,
        country=country or (requester.country if requester else None),
        requester=requester,
        requester_name=requester_name or (requester.full_name if requester else ""),
        requester_email=requester_email or (requester.email if requester else ""),
        organisation=organisation or (requester.organisation if requester else None),
        channel=channel,
        service_type=service_type,
        urgency=urgency,
        needed_by=needed_by,
        no_child_details_confirmed=no_child_details_confirmed,
        received_at=received_at,
        sensitivity=routing.default_sensitivity(topics),
    )
    query.desk = routing.desk_for(query)
    _set_sla_dues(query)
    if acknowledge and query.requester_email:
        query.acknowledged_at = now
    query.save()
    if topics:
        query.topics.set(topics)
    message = Message.objects.create(
        query=query, kind=Message.Kind.REQUESTER, author=requester, author_name=query.requester_name,
        body=question, sensitivity=query.sensitivity, created_at=received_at,
    )
    files = _save_attachments(message, attachments)
    _event(query, "submitted", actor=logged_by or requester, actor_label=query.requester_name, channel=channel,
           desk=query.desk.code if query.desk else None, attachments=len(files), reindex=False)
    indexing.index_new(query, message=message, topics=topics)
    if query.acknowledged_at:
        _acknowledge(query)
    routing.alert_focal_points(query, topics)
    return query


def _acknowledge(query: Query) -> None:
    _event(query, "acknowledged")
    queue_notification(
        template="queries/email/acknowledgement", to=[query.requester_email],
        headers=query_headers(query.reference, auto=True),
        language=query.requester.preferred_language if query.requester else query.language,
        context={"reference": query.reference, "subject": query.subject, "name": query.requester_name,
                 "url": absolute_url("queries:detail", reference=query.reference),
                 "desk": query.desk.name if query.desk else ""},
    )


# --- triage and assignment -----------------------------------------------------------------------

@transaction.atomic
def triage(
    *, actor: Member, query: Query, topics: Iterable[Topic] | None = None, country: Country | None = None,
    urgency: str | None = None, service_type: str | None = None, sensitivity: int | None = None,
    desk: Desk | None = None,
) -> Query:
    """Set what the query is about and where it belongs; a new query becomes triaged.

    Changing urgency, service type or desk recomputes the SLA due dates from when it was received.
    """
    query = _locked(query)
    _check(actor, query, work=True)
    _require(query, "triage")
    changes = {}
    for field, value in (("country", country), ("urgency", urgency), ("service_type", service_type),
                         ("sensitivity", sensitivity), ("desk", desk)):
        if value is not None and getattr(query, field) != value:
            setattr(query, field, value)
            changes[field] = str(getattr(value, "pk", value))
    if topics is not None:
        topics = list(topics)
        if set(query.topics.all()) != set(topics):
            query.topics.set(topics)
            changes["topics"] = sorted(topic.code for topic in topics)
            floor = routing.default_sensitivity(topics)
            if sensitivity is None and query.sensitivity < floor:
                query.sensitivity = floor
                changes["sensitivity"] = str(floor)
    if query.status == Status.NEW:
        query.status = Status.TRIAGED
        changes["status"] = Status.TRIAGED
    if {"urgency", "service_type", "desk"} & changes.keys():
        _set_sla_dues(query)
    query.save()
    if changes:
        _event(query, "triaged", actor=actor, **changes)
    if "topics" in changes and not query.events.filter(kind="focal_points_alerted").exists():
        routing.alert_focal_points(query)
    return query


@transaction.atomic
def assign(*, actor: Member, query: Query, member: Member, role: str = Assignment.Role.LEAD) -> Assignment:
    """Put `member` (an officer, expert or focal point) on the query and tell them."""
    query = _locked(query)
    _check(actor, query, work=True)
    if not member.is_active or not member.has_role(Role.OFFICER, Role.MANAGER, Role.EXPERT, Role.FOCAL_POINT):
        raise ValidationError(_("Only helpdesk staff can be assigned to a query."))
    if query.assignments.filter(member=member, ended_at__isnull=True).exists():
        raise ValidationError(_("%(name)s is already assigned to this query.") % {"name": member})
    assignment = Assignment.objects.create(query=query, member=member, role=role, assigned_by=actor)
    if query.status in {Status.NEW, Status.TRIAGED}:
        query.status = Status.IN_PROGRESS
        query.save(update_fields=["status"])
    _event(query, "assigned", actor=actor, member=member.pk, name=str(member), role=role)
    if member != actor:
        queue_notification(
            template="queries/email/assigned", to=[member.email], language=member.preferred_language,
            context={"reference": query.reference, "subject": query.subject, "by": str(actor),
                     "url": absolute_url("queries:detail", reference=query.reference)},
        )
    return assignment


@transaction.atomic
def unassign(*, actor: Member, assignment: Assignment) -> None:
    query = _locked(assignment.query)
    _check(actor, query, work=True)
    if assignment.ended_at is None:
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["ended_at"])
        _event(query, "unassigned", actor=actor, member=assignment.member_id, name=str(assignment.member))


# --- messages ------------------------------------------------------------------------------------

@transaction.atomic
def reply(
    *, author: Member, query: Query, body: str, attachments: Iterable = (), internal: bool = False,
    awaiting_requester: bool = False, sensitivity: int | None = None,
) -> Message:
    """A staff reply to the requester (mailed to them), or an internal note (`internal=True`).

    A reply starts work on a new or paused query, records the first response, and with
    `awaiting_requester` stops the SLA clock until the requester answers.
    """
    query = _locked(query)
    access = _check(author, query, reply=True)
    body = clean_text(body)
    if not body:
        raise ValidationError(_("Write a message before sending."))
    if not query.is_open and not internal:
        raise InvalidTransition(_("Query %(reference)s is %(status)s: reopen it before replying.")
                                % {"reference": query.reference, "status": query.get_status_display().lower()})
    now = timezone.now()
    # Never above what the author may see (a focal point must see their own reply).
    default = min(Sensitivity.CONFIDENTIAL if internal else query.sensitivity, access.max_sensitivity)
    message = Message.objects.create(
        query=query, kind=Message.Kind.NOTE if internal else Message.Kind.REPLY, author=author, body=body,
        sensitivity=default if sensitivity is None else sensitivity, created_at=now,
    )
    files = _save_attachments(message, attachments)
    if internal:
        _event(query, "noted", actor=author, message=message.pk, attachments=len(files))
        return message
    before = query.status
    if query.first_response_at is None:
        _record_first_response(query, now)
        query.reminded_at = None  # the next reminder, if any, is about resolution
    if awaiting_requester:
        if query.status != Status.AWAITING_REQUESTER:
            _require(query, "await_requester")
        _set_status(query, Status.AWAITING_REQUESTER, now)
    elif query.status == Status.REFERRED and query.referrals.filter(status=Referral.Status.SENT).exists():
        pass  # still waiting on the referral: the clock stays paused
    elif query.status in ALLOWED_FROM["start"]:
        _set_status(query, Status.IN_PROGRESS, now)
    query.save()
    _event(query, "replied", actor=author, message=message.pk, attachments=len(files), status_from=before,
           status_to=query.status)
    _notify_requester(query, "queries/email/reply", message=message, files=files)
    return message


def _notify_requester(query: Query, template: str, message: Message | None = None,
                      files: Iterable[Attachment] = (), **context) -> None:
    """Mail the requester; a reply's files travel with it up to HELPDESK_MAX_MAILED_ATTACHMENT_BYTES
    (a requester known only by address cannot open the query page), the rest are listed."""
    from django.conf import settings

    if not query.requester_email:
        return
    files = list(files)
    mailed = []
    if sum(file.size for file in files) <= settings.HELPDESK_MAX_MAILED_ATTACHMENT_BYTES:
        mailed = [{"name": file.original_name, "content_type": file.content_type, "path": file.file.name}
                  for file in files]
    queue_notification(
        template=template, to=[query.requester_email], headers=query_headers(query.reference), attachments=mailed,
        language=query.requester.preferred_language if query.requester else query.language,
        context={"reference": query.reference, "subject": query.subject, "name": query.requester_name,
                 "body": message.body if message else "", "author": message.author_label if message else "",
                 "url": absolute_url("queries:detail", reference=query.reference),
                 "attachments": [file.original_name for file in files], "mailed": bool(mailed), **context},
    )


@transaction.atomic
def add_information(*, requester: Member, query: Query, body: str, attachments: Iterable = ()) -> Message:
    """The requester follows up on their own query; a paused or answered query goes back to work."""
    query = _locked(query)
    if query.requester_id != requester.pk:
        raise PermissionDenied(_("You may not do this on query %(reference)s.") % {"reference": query.reference})
    return _requester_message(query, author=requester, author_name=requester.full_name, body=body,
                              attachments=attachments)


@transaction.atomic
def add_mail_follow_up(*, query: Query, sender_name: str, body: str, attachments: Iterable = (),
                       sender: Member | None = None, reply_text: str = "", written_at: datetime | None = None
                       ) -> Message:
    """A message that came by mail into the thread of `query` (the caller, the mail gateway, has
    checked that the sender may write there: the query's requester, or someone holding its token).
    `reply_text` is its new part without the quoted thread, shown first on the query page."""
    message = _requester_message(_locked(query), author=sender, author_name=sender_name, body=body,
                                 attachments=attachments)
    reply_text = clean_text(reply_text)
    if reply_text and reply_text != message.body:
        message.reply_text = reply_text
    if written_at is not None:  # imported history keeps its date
        message.created_at = written_at
    message.save(update_fields=["reply_text", "created_at"])
    return message


def _requester_message(query: Query, *, author, author_name: str, body: str, attachments: Iterable) -> Message:
    body = clean_text(body)
    if not body:
        raise ValidationError(_("Write a message before sending."))
    if query.status in {Status.WITHDRAWN, Status.MERGED} or query.outcome == Outcome.INDIVIDUAL_CASE:
        raise InvalidTransition(_("Query %(reference)s is %(status)s; please submit a new query.")
                                % {"reference": query.reference, "status": query.get_status_display().lower()})
    now = timezone.now()
    message = Message.objects.create(query=query, kind=Message.Kind.REQUESTER, author=author,
                                     author_name=author_name, body=body, sensitivity=query.sensitivity,
                                     created_at=now)
    files = _save_attachments(message, attachments)
    before = query.status
    if query.status in {Status.AWAITING_REQUESTER, Status.ANSWERED, Status.CLOSED}:
        if query.status != Status.AWAITING_REQUESTER:
            _reopen(query, now)
            _event(query, "reopened", actor=author, reason="requester follow-up")
        _set_status(query, Status.IN_PROGRESS, now)
        query.save()
    _event(query, "requester_replied", actor=author, message=message.pk, attachments=len(files),
           status_from=before, status_to=query.status)
    return message


def _reopen(query: Query, now: datetime) -> None:
    """Back to work: no outcome yet, and a fresh resolution target from now."""
    query.outcome, query.answered_at, query.closed_at = "", None, None
    query.resolution_due = _due(query, "resolution", now)
    query.reminded_at = None


# --- outcomes ------------------------------------------------------------------------------------

@transaction.atomic
def mark_answered(*, actor: Member, query: Query, outcome: str = Outcome.FULL) -> Query:
    """Record that the requester has their answer (full or partial, or another outcome)."""
    query = _locked(query)
    _check(actor, query, work=True)
    _require(query, "answer")
    if outcome not in {Outcome.FULL, Outcome.PARTIAL, Outcome.REFERRED, Outcome.GAP_IDENTIFIED,
                       Outcome.OUT_OF_SCOPE}:
        raise ValidationError(_("Choose how the query was answered."))
    now = timezone.now()
    _set_status(query, Status.ANSWERED, now)
    query.outcome = outcome
    query.answered_at = now
    # An answer given outside the thread (a call, a meeting) is the first response too.
    _record_first_response(query, now)
    query.resolution_due = None
    query.save()
    _event(query, "answered", actor=actor, outcome=outcome)
    _notify_requester(query, "queries/email/answered", outcome=str(Outcome(outcome).label))
    # Ask the requester to rate the answer, in this transaction (issue #6): its mail waits in the outbox
    # with the answer, and a reopened query answered again gets a fresh link.
    from cphelpdesk.surveys.actions import request_feedback

    request_feedback(query=query)
    transaction.on_commit(lambda: query_answered.send(sender=Query, query=query))
    return query


@transaction.atomic
def close(*, actor: Member, query: Query) -> Query:
    query = _locked(query)
    _check(actor, query, work=True)
    _require(query, "close")
    query.status, query.closed_at = Status.CLOSED, timezone.now()
    query.save(update_fields=["status", "closed_at"])
    _event(query, "closed", actor=actor)
    _cancel_open_referrals(query, actor)
    return query


def _cancel_open_referrals(query: Query, actor) -> None:
    """A query that no longer needs an answer closes its referral links too."""
    for referral in query.referrals.filter(status=Referral.Status.SENT):
        referral.status = Referral.Status.CANCELLED
        referral.save(update_fields=["status"])
        _event(query, "referral_cancelled", actor=actor, referral=referral.pk)


@transaction.atomic
def reopen(*, actor: Member, query: Query, reason: str = "") -> Query:
    query = _locked(query)
    _check(actor, query, work=True)
    _require(query, "reopen")
    if query.outcome == Outcome.INDIVIDUAL_CASE:
        raise InvalidTransition(_("Query %(reference)s was closed as an individual case and its details "
                                  "removed; it cannot be reopened.") % {"reference": query.reference})
    _reopen(query, timezone.now())
    query.status = Status.IN_PROGRESS
    query.save()
    _event(query, "reopened", actor=actor, reason=reason[:500])
    return query


@transaction.atomic
def withdraw(*, actor: Member, query: Query) -> Query:
    """The requester (or an officer for them) no longer needs an answer."""
    query = _locked(query)
    if query.requester_id != actor.pk:
        _check(actor, query, work=True)
    _require(query, "withdraw")
    now = timezone.now()
    _set_status(query, Status.WITHDRAWN, now)
    query.outcome, query.closed_at = Outcome.WITHDRAWN, now
    query.save()
    _event(query, "withdrawn", actor=actor)
    _cancel_open_referrals(query, actor)
    return query


@transaction.atomic
def merge(*, actor: Member, query: Query, into: Query) -> Query:
    """Close `query` as a duplicate of `into`; its thread stays readable and linked."""
    if into.pk == query.pk:
        raise ValidationError(_("Choose another open query to merge into."))
    # Lock both rows, in id order, so that two opposite merges cannot both succeed.
    locked = {q.pk: q for q in Query.objects.select_for_update().filter(pk__in=[query.pk, into.pk]).order_by("pk")}
    query, into = locked[query.pk], locked[into.pk]
    _check(actor, query, work=True)
    _check(actor, into, work=True)
    _require(query, "merge")
    if not into.is_open:
        raise ValidationError(_("Choose another open query to merge into."))
    now = timezone.now()
    _set_status(query, Status.MERGED, now)
    query.merged_into, query.closed_at = into, now
    query.save()
    _event(query, "merged", actor=actor, into=into.reference)
    _event(into, "merged_from", actor=actor, duplicate=query.reference)
    _cancel_open_referrals(query, actor)
    return query


@transaction.atomic
def close_as_individual_case(*, actor: Member, query: Query) -> Query:
    """Out of scope: the query is about an individual child. The requester is pointed to in-country
    services; the subject, every message, referral texts and files are removed (the thread may quote the
    details anywhere); open referral links are cancelled. The event records only that this happened."""
    query = _locked(query)
    _check(actor, query, work=True)
    _require(query, "answer")
    now = timezone.now()
    _cancel_open_referrals(query, actor)
    stripped = query.messages.update(body=INDIVIDUAL_CASE_PLACEHOLDER, body_html="")
    query.referrals.update(reason=INDIVIDUAL_CASE_PLACEHOLDER, outcome="")
    files = [attachment.file for attachment in Attachment.objects.filter(message__query=query)]
    removed = Attachment.objects.filter(message__query=query).delete()[0]
    # Files go once the rows are gone for good (a rollback must not leave rows without files).
    transaction.on_commit(lambda: [stored.delete(save=False) for stored in files])
    query.subject = _("Individual case (details removed)")
    _set_status(query, Status.CLOSED, now)
    query.outcome = Outcome.INDIVIDUAL_CASE
    query.sensitivity = Sensitivity.STRICTLY_CONFIDENTIAL
    query.answered_at = query.closed_at = now
    _record_first_response(query, now)
    query.resolution_due = None
    query.save()
    _event(query, "individual_case_removed", actor=actor, messages=stripped, attachments=removed)
    _notify_requester(query, "queries/email/individual_case")
    return query


@transaction.atomic
def link_requester(*, actor: Member, query: Query, member: Member) -> Query:
    """An officer ties a query from an unverified contact (mail from an unknown address) to a member."""
    query = _locked(query)
    _check(actor, query, work=True)
    if not member.is_active or not member.is_approved:
        raise ValidationError(_("Only an approved member can be the requester of a query."))
    query.requester = member
    query.requester_name = query.requester_name or member.full_name
    query.organisation = query.organisation or member.organisation
    query.country = query.country or member.country
    query.save(update_fields=["requester", "requester_name", "organisation", "country"])
    query.messages.filter(kind=Message.Kind.REQUESTER, author__isnull=True).update(author=member)
    _event(query, "requester_linked", actor=actor, member=member.pk)
    return query


# --- referrals -----------------------------------------------------------------------------------

def referral_token(referral: Referral) -> str:
    return TimestampSigner(salt=REFERRAL_SALT).sign(str(referral.pk))


@transaction.atomic
def refer(
    *, actor: Member, query: Query, destination: str, recipient_name: str, recipient_email: str, reason: str,
    recipient: Member | None = None,
) -> Referral:
    """Send the query to someone outside the desk; the SLA clock waits for their hand-off.

    The recipient gets the question by mail with a signed, expiring link to answer without logging in.
    """
    query = _locked(query)
    _check(actor, query, work=True)
    _require(query, "refer")
    if not reason.strip():
        raise ValidationError(_("Say why the query is referred."))
    now = timezone.now()
    recipient = recipient or Member.objects.with_email(recipient_email).filter(is_active=True).first()
    referral = Referral.objects.create(
        query=query, destination=destination, recipient_name=recipient_name, recipient_email=recipient_email,
        recipient=recipient, reason=reason.strip(), sent_by=actor, sent_at=now,
        due_at=_due(query, "referral", now),
    )
    _set_status(query, Status.REFERRED, now)
    query.save()
    _event(query, "referred", actor=actor, referral=referral.pk, destination=destination, to=recipient_name)
    first = query.messages.filter(kind=Message.Kind.REQUESTER).first()
    queue_notification(
        template="queries/email/referral", to=[recipient_email], headers=referral_headers(referral.pk),
        language=recipient.preferred_language if recipient else "en",
        context={"reference": query.reference, "subject": query.subject, "reason": referral.reason,
                 "question": first.body if first else "", "by": str(actor), "name": recipient_name,
                 "url": absolute_url("queries:referral_answer", token=referral_token(referral))},
    )
    return referral


@transaction.atomic
def answer_referral(*, referral: Referral, body: str, answered_by: str = "") -> Message:
    """The referral recipient's answer lands on the query as an internal note staff can use."""
    referral = Referral.objects.select_for_update().select_related("query").get(pk=referral.pk)
    if referral.status != Referral.Status.SENT or not referral.query.is_open:
        raise InvalidTransition(_("This referral has already been answered or closed."))
    body = clean_text(body)
    if not body:
        raise ValidationError(_("Write your answer before sending."))
    query = _locked(referral.query)
    now = timezone.now()
    label = answered_by or referral.recipient_name
    message = Message.objects.create(query=query, kind=Message.Kind.NOTE, author=referral.recipient,
                                     author_name=label, body=body, sensitivity=Sensitivity.CONFIDENTIAL,
                                     created_at=now)
    referral.status, referral.outcome, referral.answered_at = Referral.Status.ANSWERED, body, now
    referral.save(update_fields=["status", "outcome", "answered_at"])
    _event(query, "referral_answered", actor=referral.recipient, actor_label=label, referral=referral.pk)
    if query.status == Status.REFERRED and not query.referrals.filter(status=Referral.Status.SENT).exists():
        _set_status(query, Status.IN_PROGRESS, now)
        query.save()
    for assignee in Member.objects.filter(assignments__query=query, assignments__ended_at__isnull=True):
        queue_notification(
            template="queries/email/referral_answered", to=[assignee.email], language=assignee.preferred_language,
            context={"reference": query.reference, "subject": query.subject, "name": label,
                     "url": absolute_url("queries:detail", reference=query.reference)},
        )
    return message


# --- gaps ----------------------------------------------------------------------------------------

@transaction.atomic
def flag_gap(
    *, actor: Member, query: Query, gap: Gap | None = None, title: str = "", topic: Topic | None = None,
    description: str = "",
) -> Gap:
    """Link the query to a gap in guidance, creating the gap in the register when it is new."""
    query = _locked(query)
    _check(actor, query, work=True)
    if gap is None:
        if not title.strip():
            raise ValidationError(_("Give the gap a title, or choose one from the register."))
        gap = Gap.objects.create(title=title.strip(), topic=topic, description=description.strip(),
                                 created_by=actor)
    gap.queries.add(query)
    _event(query, "gap_flagged", actor=actor, gap=gap.pk, title=gap.title)
    return gap


GAP_DATE_FIELDS = {Gap.Status.TAKEN_TO_WORKING_GROUP: "taken_to_wg_at",
                   Gap.Status.IN_DEVELOPMENT: "in_development_at", Gap.Status.ADDRESSED: "addressed_at"}


@transaction.atomic
def update_gap(*, actor: Member, gap: Gap, status: str, working_group: str | None = None) -> Gap:
    """Move a gap along the register: noted, taken to a working group, guidance in development, addressed."""
    if not actor.has_perm("queries.manage_gaps"):
        raise PermissionDenied(_("Only helpdesk officers can update the gap register."))
    gap = Gap.objects.select_for_update().get(pk=gap.pk)
    gap.status = status
    if working_group is not None:
        gap.working_group = working_group
    field = GAP_DATE_FIELDS.get(status)
    if field and getattr(gap, field) is None:
        setattr(gap, field, timezone.now())
    gap.save()
    for query in gap.queries.all():
        _event(query, "gap_updated", actor=actor, gap=gap.pk, status=status)
    return gap


def record_access(user, query: Query, attachment=None) -> None:
    """Record a look at a confidential or strictly confidential query, or a download of such a file, in the
    audit log (the website and the API both call this): every look at such data is answerable later."""
    level = max(query.sensitivity, attachment.sensitivity if attachment is not None else 0)
    if level < Sensitivity.CONFIDENTIAL:
        return
    if attachment is None:
        audit.record(actor=user, action="query.viewed", target=query, sensitivity=level)
    else:
        audit.record(actor=user, action="attachment.downloaded", target=attachment, query=query.reference,
                     sensitivity=level)


def record_export(*, actor: Member, file_format: str, filters: dict, queries: QuerySet, with_content: bool,
                  reason: str = "") -> int:
    """Record an export of `queries` in the audit log: who, which filters, how many rows, which format, and for
    an export with message content, the reason given and the references of the confidential and strictly
    confidential queries in it (each look at one is recorded; a bulk copy of their content is too). Only
    managers export content, with a reason. Returns the number of rows."""
    if not actor.has_perm("queries.export_queries") or (
            with_content and not actor.has_perm("queries.export_query_content")):
        raise PermissionDenied
    if with_content and not reason.strip():
        raise ValidationError(_("Say why you need the message content."))
    count = queries.count()
    details = {"reason": reason.strip(), "confidential": list(
        queries.filter(sensitivity__gte=Sensitivity.CONFIDENTIAL).order_by("reference")
        .values_list("reference", flat=True))} if with_content else {}
    audit.record(actor=actor, action="queries.exported", format=file_format, filters=filters, count=count,
                 with_content=with_content, **details)
    return count
