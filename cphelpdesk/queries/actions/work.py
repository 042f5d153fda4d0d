"""Working on a query: triage, assignment, messages both ways, outcomes, merging and the requester's account."""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import erasure, links
from cphelpdesk.core.inputs import clean_text
from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, Desk, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import hooks, requester_links, routing, selectors, timeline
from cphelpdesk.queries.actions.base import (
    ALLOWED_FROM,
    InvalidTransition,
    StaleForm,
    _check,
    _due,
    _locked,
    _record_first_response,
    _require,
    _set_sla_dues,
    _set_status,
)
from cphelpdesk.queries.actions.intake import _save_attachments
from cphelpdesk.queries.models import (
    Assignment,
    Attachment,
    EventKind,
    Message,
    Outcome,
    Query,
    Referral,
    Status,
)
from cphelpdesk.queries.threading import query_headers
from cphelpdesk.taxonomy.models import Topic

# --- triage and assignment -----------------------------------------------------------------------

@transaction.atomic
def triage(
    *, actor: Member, query: Query, topics: Iterable[Topic] | None = None, country: Country | None = None,
    urgency: str | None = None, service_type: str | None = None, sensitivity: int | None = None,
    desk: Desk | None = None, seen_version: str = "",
) -> Query:
    """Set what the query is about and where it belongs; a new query becomes triaged.

    Changing urgency, service type or desk recomputes the SLA due dates from when it was received. With
    `seen_version` (the `selectors.triage_version` the actor's form was opened on), a triage changed by someone
    else since is refused (`StaleForm`) rather than overwritten.
    """
    query = _locked(query)
    _check(actor, query, work=True)
    _require(query, "triage")
    if seen_version and seen_version != selectors.triage_version(query):
        raise StaleForm(_("Someone changed this query's triage after you opened the page, so your change was not "
                          "saved. The form now shows the triage as it is: check it and save again."))
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
        timeline.record(query, EventKind.TRIAGED, actor=actor, **changes)
    if "topics" in changes and not query.events.filter(kind=EventKind.FOCAL_POINTS_ALERTED).exists():
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
    timeline.record(query, EventKind.ASSIGNED, actor=actor, member=member.pk, name=str(member), role=role)
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
        timeline.record(query, EventKind.UNASSIGNED, actor=actor, member=assignment.member_id,
                        name=str(assignment.member))


# --- messages ------------------------------------------------------------------------------------

@transaction.atomic
def reply(
    *, actor: Member, query: Query, body: str, attachments: Iterable = (), internal: bool = False,
    awaiting_requester: bool = False, sensitivity: int | None = None,
) -> Message:
    """A staff reply to the requester (mailed to them), or an internal note (`internal=True`).

    A reply starts work on a new or paused query, records the first response, and with
    `awaiting_requester` stops the SLA clock until the requester answers.
    """
    query = _locked(query)
    access = _check(actor, query, reply=True)
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
        query=query, kind=Message.Kind.NOTE if internal else Message.Kind.REPLY, author=actor, body=body,
        sensitivity=default if sensitivity is None else sensitivity, created_at=now,
    )
    files = _save_attachments(message, attachments)
    if internal:
        timeline.record(query, EventKind.NOTED, actor=actor, message=message.pk, attachments=len(files))
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
    timeline.record(query, EventKind.REPLIED, actor=actor, message=message.pk, attachments=len(files),
                    status_from=before, status_to=query.status)
    _notify_requester(query, "queries/email/reply", message=message, files=files)
    return message


def _notify_requester(query: Query, template: str, message: Message | None = None,
                      files: Iterable[Attachment] = (), **context) -> None:
    """Mail the requester; a reply's files travel with it up to HELPDESK_MAX_MAILED_ATTACHMENT_BYTES
    (a requester known only by address cannot open the query page), the rest are listed."""

    if not query.requester_email:
        return
    files = list(files)
    mailed = []
    if sum(file.size for file in files) <= settings.HELPDESK_MAX_MAILED_ATTACHMENT_BYTES:
        mailed = [{"name": file.original_name, "content_type": file.content_type, "path": file.file.name}
                  for file in files]
    queue_notification(
        template=template, to=[query.requester_email], headers=query_headers(query.reference), attachments=mailed,
        language=query.requester_language,
        context={"reference": query.reference, **query.requester_mail_words(),
                 "body": message.body if message else "", "author": message.author_label if message else "",
                 "url": requester_links.follow_url(query),
                 "attachments": [file.original_name for file in files], "mailed": bool(mailed), **context},
    )


@transaction.atomic
def add_information(*, actor: Member, query: Query, body: str, attachments: Iterable = ()) -> Message:
    """The requester (`actor`) follows up on their own query; a paused or answered query goes back to work."""
    query = _locked(query)
    if query.requester_id != actor.pk:
        raise PermissionDenied(_("You may not do this on query %(reference)s.") % {"reference": query.reference})
    return _requester_message(query, author=actor, author_name=actor.full_name, body=body,
                              attachments=attachments)


@transaction.atomic
def add_information_by_link(*, reference: str, token: str, body: str, attachments: Iterable = ()
                            ) -> tuple[Message, str]:
    """A requester without an account follows up through their mailed link (`queries.requester_links`), as
    they would by replying to the mail. The link is rotated: it sends one message, and the fresh link's token
    is returned with the message. A refused link raises `requester_links.RequesterLinkProblem`."""
    link = requester_links.read(reference=reference, token=token, lock=True)  # the nonce, checked under lock
    query = _locked(link.query)
    message = _requester_message(query, author=None, author_name=query.requester_name or query.requester_email,
                                 body=body, attachments=attachments)
    link.nonce = links.new_nonce()
    link.save(update_fields=["nonce"])
    return message, requester_links.token(link)


@transaction.atomic
def add_mail_follow_up(*, query: Query, sender_name: str, body: str, attachments: Iterable = (),
                       actor: Member | None = None, reply_text: str = "", written_at: datetime | None = None
                       ) -> Message:
    """A message that came by mail into the thread of `query` (the caller, the mail gateway, has
    checked that the sender may write there: the query's requester, or someone holding its token). `actor`
    is the member who sent it, when the mail proved it came from them.
    `reply_text` is its new part without the quoted thread, shown first on the query page."""
    message = _requester_message(_locked(query), author=actor, author_name=sender_name, body=body,
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
            timeline.record(query, EventKind.REOPENED, actor=author, reason="requester follow-up")
        _set_status(query, Status.IN_PROGRESS, now)
        query.save()
    timeline.record(query, EventKind.REQUESTER_REPLIED, actor=author, message=message.pk, attachments=len(files),
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
    timeline.record(query, EventKind.ANSWERED, actor=actor, outcome=outcome)
    # The requester is asked to rate the answer (issue #6) in the same mail as the answer (issue #14: one mail,
    # not two): surveys fills `rate_url` and `expires` through the hook.
    _notify_requester(query, "queries/email/answered", outcome=str(Outcome(outcome).label),
                      **{"rate_url": "", "expires": "", **hooks.context(hooks.ANSWER_MAIL, query)})
    return query


@transaction.atomic
def close(*, actor: Member, query: Query) -> Query:
    query = _locked(query)
    _check(actor, query, work=True)
    _require(query, "close")
    query.status, query.closed_at = Status.CLOSED, timezone.now()
    query.save(update_fields=["status", "closed_at"])
    timeline.record(query, EventKind.CLOSED, actor=actor)
    _cancel_open_referrals(query, actor)
    return query


def _cancel_open_referrals(query: Query, actor) -> None:
    """A query that no longer needs an answer closes its referral links too."""
    for referral in query.referrals.filter(status=Referral.Status.SENT):
        referral.status = Referral.Status.CANCELLED
        referral.save(update_fields=["status"])
        timeline.record(query, EventKind.REFERRAL_CANCELLED, actor=actor, referral=referral.pk)


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
    timeline.record(query, EventKind.REOPENED, actor=actor, reason=reason[:500])
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
    timeline.record(query, EventKind.WITHDRAWN, actor=actor)
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
    timeline.record(query, EventKind.MERGED, actor=actor, into=into.reference)
    timeline.record(into, EventKind.MERGED_FROM, actor=actor, duplicate=query.reference)
    _cancel_open_referrals(query, actor)
    return query


@transaction.atomic
def close_as_individual_case(*, actor: Member, query: Query) -> Query:
    """Out of scope: the query is about an individual child. The requester is pointed to in-country
    services; open referral links are cancelled; every copy of the details goes, whichever app holds it
    (`core.erasure`, path INDIVIDUAL_CASE: messages, referral texts, files, findings, raw mail, the
    outbox's mails about the query, drafts banked from it, exports on disk, the search entry). The event
    records only that this happened."""
    query = _locked(query)
    _check(actor, query, work=True)
    _require(query, "answer")
    now = timezone.now()
    _cancel_open_referrals(query, actor)
    erased = erasure.erase(erasure.Path.INDIVIDUAL_CASE, erasure.Target(queries=[query.pk], now=now))
    query.subject = _("Individual case (details removed)")
    _set_status(query, Status.CLOSED, now)
    query.outcome = Outcome.INDIVIDUAL_CASE
    query.sensitivity = Sensitivity.STRICTLY_CONFIDENTIAL
    query.answered_at = query.closed_at = now
    _record_first_response(query, now)
    query.resolution_due = None
    query.save()
    timeline.record(query, EventKind.INDIVIDUAL_CASE_REMOVED, actor=actor, messages=erased.counts["messages"],
                    attachments=erased.counts["attachments"])
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
    timeline.record(query, EventKind.REQUESTER_LINKED, actor=actor, member=member.pk)
    return query
