"""Retention: purge or anonymise personal data once its time is up, keep every statistic, honour legal holds.

Issue #7 item 3. Seven steps, each with its limit in settings (days):

- ``raw_mail``: the raw copy of inbound mail (`HELPDESK_RETENTION_RAW_MAIL_DAYS`, from receipt);
- ``attachments``: files of queries (`HELPDESK_RETENTION_ATTACHMENT_DAYS`, from closure, or from the query's last
  event when it was never closed);
- ``contacts``: names and addresses of requesters without an account (`HELPDESK_RETENTION_CONTACT_DAYS`, from
  closure, or from the answer when the query was answered and never closed);
- ``members``: closed accounts (`HELPDESK_RETENTION_MEMBER_DAYS`, from `Member.closed_at`);
- ``survey_invitations``: who was asked to answer a survey campaign and whether they did
  (`HELPDESK_RETENTION_SURVEY_INVITATION_DAYS`, from the survey's closing). The answers never name anyone, and
  the survey keeps the numbers invited and answered, counted when it closed, so results and rates stay;
- ``subscription_requests``: requests to join a community never confirmed from the address
  (`HELPDESK_RETENTION_SUBSCRIPTION_REQUEST_DAYS`, from the request);
- ``suspended_subscriptions``: community subscriptions of an address without an account whose delivery was
  suspended because mail to it bounced, and never resumed (`HELPDESK_RETENTION_SUSPENDED_SUBSCRIPTION_DAYS`,
  from the suspension).

What the metrics read (a query's country, organisation, topics, service type, outcome, status, dates, gaps,
messages' kinds and times) is never touched, so the insight figures are the same before and after. Banked Q&As
are resources with their own redacted text and file copies: retention leaves the library alone.

A legal hold on a query keeps everything of that query; a hold on a member keeps the member and every query
they asked. Each batch commits on its own, so an interrupted run loses nothing and the next one resumes.

Each step selects what is due here; the erasing itself is done by the steps the apps registered for the
step's path (`core.erasure`, `retention.<step>`), so a copy an app keeps is erased by that app.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.communities.models import Subscription
from cphelpdesk.core import audit
from cphelpdesk.core.erasure import FORMER_MEMBER, Path, Target, anonymised_email, erase  # noqa: F401
from cphelpdesk.directory.models import Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.privacy.models import LegalHold, RetentionRun
from cphelpdesk.queries.models import Attachment, Query, QueryEvent
from cphelpdesk.queries.models.query import OPEN_STATUSES
from cphelpdesk.surveys.models import Invitation, Survey

BATCH = 500


# --- legal holds ---------------------------------------------------------------------------------

def _active_holds() -> QuerySet:
    return LegalHold.objects.filter(lifted_at__isnull=True)


def held_queries() -> QuerySet:
    """Queries under a hold: their own, or one on the member who asked them."""
    holds = _active_holds()
    return Query.objects.filter(Exists(holds.filter(query=OuterRef("pk")))
                                | Exists(holds.filter(member=OuterRef("requester"))))


def _query_held(field: str) -> Exists:
    """True for rows whose query (`field` holds its id, maybe null) is held."""
    return Exists(held_queries().filter(pk=OuterRef(field)))


def _require_manager(actor) -> None:
    if not (actor and actor.is_authenticated and actor.is_active and actor.has_role(Role.MANAGER)):
        raise PermissionDenied(_("Only managers can place or lift legal holds."))


@transaction.atomic
def place_hold(*, actor, reason: str, query=None, member=None) -> LegalHold:
    """Suspend retention for one query or one member until the hold is lifted.

    Preconditions: `actor` is a manager; exactly one of `query` and `member`; a reason.
    """
    _require_manager(actor)
    reason = (reason or "").strip()
    if (query is None) == (member is None):
        raise ValidationError(_("Choose a query or a member to hold, not both."))
    if not reason:
        raise ValidationError(_("Say why the data must be kept."))
    existing = _active_holds().filter(query=query) if query is not None else _active_holds().filter(member=member)
    if existing.exists():
        raise ValidationError(_("This record is already under a legal hold."))
    hold = LegalHold.objects.create(query=query, member=member, reason=reason, placed_by=actor)
    # The reason may name people: the audit entry says only which record is held.
    audit.record(actor=actor, action="legal_hold.placed", target=hold,
                 **({"query": query.reference} if query is not None else {"member": member.pk}))
    return hold


@transaction.atomic
def lift_hold(*, actor, hold: LegalHold) -> LegalHold:
    """End a hold: the next retention run treats the record like any other."""
    _require_manager(actor)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise ValidationError(_("This legal hold was already lifted."))
    hold.lifted_by, hold.lifted_at = actor, timezone.now()
    hold.save(update_fields=["lifted_by", "lifted_at"])
    audit.record(actor=actor, action="legal_hold.lifted", target=hold)
    return hold


# --- the steps -----------------------------------------------------------------------------------

def _days(name: str) -> timedelta:
    return timedelta(days=getattr(settings, name))


def _process(due: QuerySet, handle: Callable[[list[int]], int]) -> int:
    """Call `handle` on the ids of `due`, a batch at a time, each batch in its own transaction; return the
    sum of what `handle` returns. Ids are re-read under lock in the batch's transaction, so a hold placed
    meanwhile, or another run that got there first, is respected."""
    done, last = 0, 0
    while pks := list(due.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]):
        last = pks[-1]
        with transaction.atomic():
            ids = list(due.filter(pk__in=pks).select_for_update(of=("self",)).values_list("pk", flat=True))
            if ids:
                done += handle(ids)
    return done


def _raw_mail(now: datetime, dry_run: bool) -> dict[str, int]:
    """Drop the raw bytes of old inbound mail; the summary (sender, subject, size, outcome) stays for the
    officers' list. Mail still waiting to be processed or quarantined for an officer keeps its copy."""
    waiting = (InboundMessage.Status.RECEIVED, InboundMessage.Status.QUARANTINED)
    candidates = (InboundMessage.objects.filter(received_at__lt=now - _days("HELPDESK_RETENTION_RAW_MAIL_DAYS"),
                                                raw_purged_at__isnull=True)
                  .exclude(status__in=waiting).alias(held=_query_held("query_id")))
    due, held = candidates.filter(held=False), candidates.filter(held=True).count()
    if dry_run:
        return {"done": due.count(), "held": held}

    def purge(ids: list[int]) -> int:
        return erase(Path.RAW_MAIL, Target(records=ids)).counts["raw_mail"]

    return {"done": _process(due, purge), "held": held}


def _attachments(now: datetime, dry_run: bool) -> dict[str, int]:
    """Delete the files of queries closed (or idle) past the limit; each query's timeline says how many went.
    Counts are of files."""
    last_event = Subquery(QueryEvent.objects.filter(query=OuterRef("pk")).order_by("-at").values("at")[:1])
    candidates = (Query.objects.filter(Exists(Attachment.objects.filter(message__query=OuterRef("pk"))))
                  .alias(ended=Coalesce("closed_at", last_event, "received_at"))
                  .filter(ended__lt=now - _days("HELPDESK_RETENTION_ATTACHMENT_DAYS"))
                  .alias(held=_query_held("pk")))
    due = candidates.filter(held=False)
    held = Attachment.objects.filter(message__query__in=candidates.filter(held=True).values("pk")).count()
    if dry_run:
        return {"done": Attachment.objects.filter(message__query__in=due.values("pk")).count(), "held": held}

    def remove(ids: list[int]) -> int:
        return erase(Path.ATTACHMENTS, Target(queries=ids)).counts["files"]

    return {"done": _process(due, remove), "held": held}


def _contacts(now: datetime, dry_run: bool) -> dict[str, int]:
    """Forget requesters without an account wherever the helpdesk keeps them (every step registered for the
    path CONTACTS: the query, their messages' author and text, raw mail, findings, outbox, ...). Counts are
    of queries."""
    candidates = (Query.objects.filter(requester__isnull=True).exclude(status__in=OPEN_STATUSES)
                  .exclude(requester_name="", requester_email="")
                  .alias(ended=Coalesce("closed_at", "answered_at"))
                  .filter(ended__lt=now - _days("HELPDESK_RETENTION_CONTACT_DAYS"))
                  .alias(held=_query_held("pk")))
    due, held = candidates.filter(held=False), candidates.filter(held=True).count()
    if dry_run:
        return {"done": due.count(), "held": held}

    def anonymise(ids: list[int]) -> int:
        return erase(Path.CONTACTS, Target(queries=ids)).counts["queries"]

    return {"done": _process(due, anonymise), "held": held}


def _members(now: datetime, dry_run: bool) -> dict[str, int]:
    """Anonymise accounts closed past the limit: the person goes, the organisation and country stay (the
    reach metrics read them), and so do their queries' facts. Counts are of members."""
    holds = _active_holds()
    candidates = (Member.objects.filter(is_active=False,
                                        closed_at__lt=now - _days("HELPDESK_RETENTION_MEMBER_DAYS"))
                  .exclude(email__startswith="deleted-", email__endswith="@invalid.example")
                  .alias(held=Exists(holds.filter(member=OuterRef("pk")))
                         | Exists(holds.filter(query__requester=OuterRef("pk")))))
    due, held = candidates.filter(held=False), candidates.filter(held=True).count()
    if dry_run:
        return {"done": due.count(), "held": held}
    return {"done": _process(due, anonymise_members), "held": held}


def _survey_invitations(now: datetime, dry_run: bool) -> dict[str, int]:
    """Delete the invitations of surveys closed past the limit. Counts are of invitations; surveys hold none
    under a legal hold (a hold is on a query or a member, and a held member keeps their invitations)."""
    closed = Survey.objects.filter(status=Survey.Status.CLOSED, invited_count__isnull=False,
                                   closed_at__lt=now - _days("HELPDESK_RETENTION_SURVEY_INVITATION_DAYS"))
    candidates = Invitation.objects.filter(survey__in=closed).alias(
        held=Exists(_active_holds().filter(member=OuterRef("member"))))
    return _erase_records(candidates, Path.SURVEY_INVITATIONS, "invitations", dry_run)


def _subscription_requests(now: datetime, dry_run: bool) -> dict[str, int]:
    """Delete requests to join a community never confirmed from the address within the limit (the mailed link
    then no longer works): whoever typed an address, theirs or not, left it with the helpdesk for nothing."""
    candidates = Subscription.objects.filter(
        status=Subscription.Status.PENDING_CONFIRMATION,
        subscribed_at__lt=now - _days("HELPDESK_RETENTION_SUBSCRIPTION_REQUEST_DAYS"),
    ).alias(held=Exists(_active_holds().filter(member=OuterRef("member"))))
    return _erase_records(candidates, Path.SUBSCRIPTION_REQUESTS, "subscription_requests", dry_run)


def _suspended_subscriptions(now: datetime, dry_run: bool) -> dict[str, int]:
    """Delete subscriptions of addresses without an account, suspended for bouncing past the limit and never
    resumed: the address is dead or abandoned, and only the helpdesk still holds it. A hold on a member whose
    account has that address keeps it."""
    candidates = Subscription.objects.filter(
        status=Subscription.Status.SUSPENDED, member__isnull=True,
        suspended_at__lt=now - _days("HELPDESK_RETENTION_SUSPENDED_SUBSCRIPTION_DAYS"),
    ).alias(held=Exists(_active_holds().filter(member__email__iexact=OuterRef("email"))))
    return _erase_records(candidates, Path.SUSPENDED_SUBSCRIPTIONS, "suspended_subscriptions", dry_run)


def _erase_records(candidates: QuerySet, path: Path, counted: str, dry_run: bool) -> dict[str, int]:
    """Erase the `candidates` not under a hold (annotated `held`) through the steps registered for `path`, a
    batch at a time; what the steps counted under `counted` is the step's "done"."""
    due, held = candidates.filter(held=False), candidates.filter(held=True).count()
    if dry_run:
        return {"done": due.count(), "held": held}

    def remove(ids: list[int]) -> int:
        return erase(path, Target(records=ids)).counts[counted]

    return {"done": _process(due, remove), "held": held}


def anonymise_members(ids: list[int]) -> int:
    """Forget these closed accounts wherever the helpdesk keeps them (every step registered for the path
    MEMBERS: the account, their queries' copies of them, messages, raw mail, findings, outbox, ...).
    Organisation and country stay, and so do their queries' facts."""
    erase(Path.MEMBERS, Target(members=list(ids)))
    return len(ids)


STEPS: dict[str, Callable[[datetime, bool], dict[str, int]]] = {
    "raw_mail": _raw_mail, "attachments": _attachments, "contacts": _contacts, "members": _members,
    "survey_invitations": _survey_invitations, "subscription_requests": _subscription_requests,
    "suspended_subscriptions": _suspended_subscriptions}


def step_labels() -> dict[str, str]:
    """What each step is called on the managers' page and in the command's output."""
    return {"raw_mail": _("Raw copies of inbound mail"), "attachments": _("Query attachments"),
            "contacts": _("Requesters without an account"), "members": _("Closed member accounts"),
            "survey_invitations": _("Survey invitations"),
            "subscription_requests": _("Unconfirmed requests to join a community"),
            "suspended_subscriptions": _("Community subscriptions of addresses that kept bouncing")}


def run_retention(*, now: datetime | None = None, dry_run: bool = False, actor=None) -> RetentionRun:
    """Run every step and record what it did (or, with `dry_run`, would do) in a `RetentionRun`.

    `actor` is the member who started it by hand (None for the scheduler). Not one transaction: each batch
    commits by itself so a long run neither holds locks for minutes nor starts over after a failure.
    """
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=timezone.now(), dry_run=dry_run,
                                      triggered_by=actor if getattr(actor, "is_authenticated", False) else None)
    for name, step in STEPS.items():
        run.counts[name] = step(now, dry_run)
        run.save(update_fields=["counts"])
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    audit.record(actor=actor, action="retention.run", target=run, dry_run=dry_run, counts=run.counts)
    return run
