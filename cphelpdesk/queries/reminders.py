"""SLA reminders: which queries are about to breach (or have breached), which referrals are past their hand-off
due date, and who hears of it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.directory.models import Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import timeline
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.actions import referral_token
from cphelpdesk.queries.models import OPEN_STATUSES, PAUSED_STATUSES, EventKind, Query, Referral
from cphelpdesk.queries.threading import referral_headers

# "About to breach": due within this much clock time.
WARNING_WINDOW = timedelta(hours=4)


def due_for_reminder(now: datetime) -> Q:
    horizon = now + WARNING_WINDOW
    return (Q(status__in=OPEN_STATUSES) & ~Q(status__in=PAUSED_STATUSES) & Q(reminded_at__isnull=True)
            & (Q(first_response_due__lte=horizon) | Q(resolution_due__lte=horizon)))


def recipients(query: Query) -> list[Member]:
    """The query's assignees and its desk's officers (every officer when it has no desk), among those
    who may see the query (a reminder names it)."""
    people = Member.objects.filter(is_active=True).filter(
        Q(assignments__query=query, assignments__ended_at__isnull=True)
        | (Q(desks=query.desk_id, groups__name=Role.OFFICER) if query.desk_id else Q(groups__name=Role.OFFICER))
    )
    return [person for person in people.distinct().order_by("pk") if query_access(person, query).can_view]


def remind_due_queries(now: datetime | None = None) -> int:
    """Send each due reminder once (`reminded_at` marks it); returns how many queries were reminded."""
    now = now or timezone.now()
    count = 0
    for query_id in Query.objects.filter(due_for_reminder(now)).values_list("pk", flat=True):
        with transaction.atomic():
            # Only the query row is locked (PostgreSQL cannot lock the nullable side of a join).
            query = Query.objects.select_for_update().filter(due_for_reminder(now), pk=query_id).first()
            if query is None:
                continue  # another worker reminded it meanwhile
            due = min(d for d in (query.first_response_due, query.resolution_due) if d)
            breached = due < now
            for member in recipients(query):
                queue_notification(
                    template="queries/email/sla_reminder", to=[member.email], language=member.preferred_language,
                    context={"reference": query.reference, "subject": query.subject, "breached": breached,
                             "due": _desk_time(query, due),
                             "url": absolute_url("queries:detail", reference=query.reference)},
                )
            query.reminded_at = now
            query.save(update_fields=["reminded_at"])
            timeline.record(query, EventKind.SLA_REMINDER, breached=breached)
            count += 1
    return count


def _desk_time(query: Query, moment: datetime) -> str:
    """`moment` on the query's desk's clock, naming the zone."""
    local = moment.astimezone(ZoneInfo(query.desk.time_zone)) if query.desk else moment
    return f"{local:%Y-%m-%d %H:%M} ({local.tzname()})"


def overdue_referrals(now: datetime) -> Q:
    return (Q(status=Referral.Status.SENT, due_at__lte=now, reminded_at__isnull=True)
            & Q(query__status__in=OPEN_STATUSES))


def remind_overdue_referrals(now: datetime | None = None) -> int:
    """Past its hand-off due date and unanswered, a referral's recipient is reminded once (with their answer
    link, the mail answerable by reply) and whoever sent it is told; returns how many referrals were reminded."""
    now = now or timezone.now()
    count = 0
    for referral_id in Referral.objects.filter(overdue_referrals(now)).values_list("pk", flat=True):
        with transaction.atomic():
            referral = (Referral.objects.select_for_update(of=("self",)).select_related("query", "query__desk",
                        "recipient", "sent_by").filter(overdue_referrals(now), pk=referral_id).first())
            if referral is None:
                continue  # answered, or reminded by another worker, meanwhile
            query, recipient = referral.query, referral.recipient
            context = {"reference": query.reference, "subject": query.subject, "name": referral.recipient_name,
                       "by": str(referral.sent_by or _("the helpdesk")), "sent": f"{referral.sent_at:%Y-%m-%d}",
                       "due": _desk_time(query, referral.due_at)}
            # An account closed (or erased) since gets no reminder and no new link to the question; an account
            # holder is written to at their current address.
            reminded = recipient is None or recipient.is_active
            if reminded:
                queue_notification(
                    template="queries/email/referral_reminder",
                    to=[recipient.email if recipient else referral.recipient_email],
                    headers=referral_headers(referral.pk),
                    language=recipient.preferred_language if recipient else "en",
                    context={**context,
                             "url": absolute_url("queries:referral_answer", token=referral_token(referral))},
                )
            sender = referral.sent_by
            if sender is not None and sender.is_active and query_access(sender, query).can_view:
                queue_notification(
                    template="queries/email/referral_overdue", to=[sender.email], language=sender.preferred_language,
                    context={**context, "reminded": reminded,
                             "url": absolute_url("queries:detail", reference=query.reference)},
                )
            referral.reminded_at = now
            referral.save(update_fields=["reminded_at"])
            timeline.record(query, EventKind.REFERRAL_REMINDER, referral=referral.pk)
            count += 1
    return count
