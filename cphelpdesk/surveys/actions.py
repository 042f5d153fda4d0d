"""Feedback on answers: ask the requester, take their rating, remind once, alert the desk of a low one.

Every function runs in one transaction, writes the query's timeline (QueryEvent) and queues its mail in
the outbox with the change, as `queries.actions` does.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cphelpdesk.core import audit, links
from cphelpdesk.core.inputs import clean_text
from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.directory.models import Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import timeline
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import EventKind, Outcome, Query, Status
from cphelpdesk.surveys.models import FeedbackRequest, Rating

FEEDBACK_SALT = "cphelpdesk.surveys.feedback"
DIMENSIONS = ("appropriateness", "timeliness", "quality")
# "A rating of 5 or less" (issue #6): any one dimension at 5 or below alerts the desk. The lowest
# dimension rather than the mean: a 10/10/3 answer was late, and the desk should hear of it.
LOW_RATING = 5
COMMENT_MAX_LENGTH = 4000
# Outcomes for which nobody is asked to rate: there was no answer to rate.
NOT_RATED_OUTCOMES = {Outcome.WITHDRAWN, Outcome.INDIVIDUAL_CASE}


# problem -> (what the page says, HTTP status)
LINK_PROBLEMS = {
    "invalid": (gettext_lazy("The link is not valid. Check that you copied all of it from the message."), 400),
    "wrong_query": (gettext_lazy("This link belongs to another query. Use the link from the message about "
                                 "this query."), 400),
    "used": (gettext_lazy("This link was already used. To change your rating, use the page you were shown after "
                          "rating (its address is new), or open the query page when logged in."), 410),
    "expired": (gettext_lazy("The time to rate this answer has passed. Thank you all the same."), 410),
    "closed": (gettext_lazy("This query no longer takes a rating."), 410),
}


class FeedbackLinkProblem(links.LinkProblem):
    """A feedback link that cannot be used; `problem` says why (see `LINK_PROBLEMS`)."""

    problems = LINK_PROBLEMS
    title = gettext_lazy("Feedback link")


# No max age on the token: the link lives until the row's `expires_at`, which a re-answer restarts.
FEEDBACK_LINK = links.Purpose(FEEDBACK_SALT, FeedbackLinkProblem)


# --- links ---------------------------------------------------------------------------------------

def feedback_token(feedback: FeedbackRequest) -> str:
    """The signed (query id, nonce) carried by the link; valid while the nonce is the current one."""
    return FEEDBACK_LINK.sign_row(feedback.query_id, feedback.nonce)


def feedback_url(feedback: FeedbackRequest, query: Query | None = None) -> str:
    query = query or feedback.query
    return absolute_url("surveys:feedback", reference=query.reference, token=feedback_token(feedback))


def _can_be_rated(query: Query) -> bool:
    return (query.outcome not in NOT_RATED_OUTCOMES
            and query.status not in {Status.WITHDRAWN, Status.MERGED}
            and query.answered_at is not None)


def read_link(*, reference: str, token: str, now: datetime | None = None) -> FeedbackRequest:
    """The feedback request a link is for, or `FeedbackLinkProblem` saying why the link cannot be used."""
    query_id, nonce = FEEDBACK_LINK.unsign_row(token)
    feedback = FeedbackRequest.objects.select_related("query", "query__requester").filter(query_id=query_id).first()
    if feedback is None:
        raise FeedbackLinkProblem("invalid")
    if feedback.query.reference != reference:
        raise FeedbackLinkProblem("wrong_query")
    _check_open(feedback, nonce, now)
    return feedback


def _check_open(feedback: FeedbackRequest, nonce: str | None, now: datetime | None = None) -> None:
    if nonce is not None and not links.nonce_matches(nonce, feedback.nonce):
        raise FeedbackLinkProblem("used")
    if feedback.is_expired(now):
        raise FeedbackLinkProblem("expired")
    if not _can_be_rated(feedback.query):
        raise FeedbackLinkProblem("closed")


# --- asking --------------------------------------------------------------------------------------

@transaction.atomic
def request_feedback(*, query: Query) -> FeedbackRequest | None:
    """Open the link that rates the answer (called by `queries.actions.mark_answered`, in its transaction,
    whose "answered" mail carries it: one mail, not two). A query answered again after a reopen gets a fresh
    link: the old one no longer works.

    Nobody is asked when the query has no requester address, was withdrawn, merged or closed as an
    individual case.
    """
    if not query.requester_email or not _can_be_rated(query):
        return None
    now = timezone.now()
    feedback, _created = FeedbackRequest.objects.update_or_create(query=query, defaults={
        "nonce": links.new_nonce(), "sent_at": now, "reminded_at": None,
        "expires_at": now + timedelta(days=settings.HELPDESK_FEEDBACK_DAYS)})
    timeline.record(query, EventKind.FEEDBACK_REQUESTED)
    return feedback


def _mail_requester(query: Query, feedback: FeedbackRequest, template: str) -> None:
    queue_notification(
        template=template, to=[query.requester_email], language=query.requester_language,
        context={"reference": query.reference, **query.requester_mail_words(),
                 "url": feedback_url(feedback, query), "expires": feedback.expires_at.date().isoformat(),
                 "query_url": absolute_url("queries:detail", reference=query.reference)},
    )


def due_for_reminder(now: datetime) -> Q:
    return (Q(reminded_at__isnull=True, expires_at__gt=now,
              sent_at__lte=now - timedelta(days=settings.HELPDESK_FEEDBACK_REMINDER_DAYS),
              query__rating__isnull=True)
            & ~Q(query__status__in=[Status.WITHDRAWN, Status.MERGED])
            & ~Q(query__outcome__in=list(NOT_RATED_OUTCOMES)))


def send_reminders(now: datetime | None = None) -> int:
    """Remind, once, each requester who has not rated after HELPDESK_FEEDBACK_REMINDER_DAYS; returns how many."""
    now = now or timezone.now()
    count = 0
    for feedback_id in FeedbackRequest.objects.filter(due_for_reminder(now)).values_list("pk", flat=True):
        with transaction.atomic():
            # Lock the row alone (PostgreSQL cannot lock the nullable side of the join to ratings), then re-check.
            feedback = FeedbackRequest.objects.select_for_update().filter(pk=feedback_id).first()
            if feedback is None or not FeedbackRequest.objects.filter(due_for_reminder(now), pk=feedback_id).exists():
                continue  # rated or reminded meanwhile
            query = Query.objects.select_related("requester").get(pk=feedback.query_id)
            feedback.reminded_at = now
            feedback.save(update_fields=["reminded_at"])
            timeline.record(query, EventKind.FEEDBACK_REMINDED)
            _mail_requester(query, feedback, "surveys/email/feedback_reminder")
            count += 1
    return count


# --- rating --------------------------------------------------------------------------------------

@dataclass
class Rated:
    rating: Rating
    feedback: FeedbackRequest
    created: bool
    alerted: int  # how many people heard of a low rating

    @property
    def token(self) -> str:
        return feedback_token(self.feedback)


def _score(value) -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 10:
        raise ValidationError(_("Give each score as a number from 1 to 10."))
    return score


@transaction.atomic
def submit_rating(
    *, query: Query, appropriateness: int, timeliness: int, quality: int, comment: str = "",
    actor: Member | None = None, nonce: str | None = None,
) -> Rated:
    """Record (or change) the requester's rating of the answer.

    Preconditions: either `nonce` comes from a verified feedback link, or `actor` is logged in as the
    query's requester. Either way the link must not have expired. The nonce is rotated, so the link just
    used stops working; the page that thanks the requester is the fresh link's, where they can change the
    rating (no mail: `Rated.token`). A score of 5 or less on any dimension alerts the desk (once per low
    rating: changing only the comment does not repeat it).
    """
    if nonce is None and (actor is None or query.requester_id is None or actor.pk != query.requester_id):
        raise PermissionDenied(_("Only the requester can rate the answer to a query."))
    feedback = (FeedbackRequest.objects.select_for_update().filter(query=query).first())
    if feedback is None:
        raise FeedbackLinkProblem("closed")
    query = Query.objects.select_related("desk", "requester").get(pk=query.pk)
    feedback.query = query
    # Under the row lock: two submissions of one link cannot both pass.
    _check_open(feedback, nonce)
    scores = {"appropriateness": _score(appropriateness), "timeliness": _score(timeliness),
              "quality": _score(quality)}
    comment = clean_text(comment or "")[:COMMENT_MAX_LENGTH]
    now = timezone.now()
    rating = Rating.objects.filter(query=query).first()
    created = rating is None
    was_low = rating is not None and rating.lowest <= LOW_RATING
    if created:
        rating = Rating(query=query, submitted_at=now)
    for field, value in scores.items():
        setattr(rating, field, value)
    rating.comment, rating.updated_at = comment, now
    rating.save()
    feedback.nonce = links.new_nonce()
    feedback.save(update_fields=["nonce"])
    requester = query.requester if actor is None or actor.pk == query.requester_id else None
    timeline.record(query, EventKind.RATED if created else EventKind.RATING_CHANGED, actor=requester,
                    actor_label=query.requester_name, **scores, comment=bool(comment))
    audit.record(actor=actor, action="rating.submitted", target=rating, query=query.pk, changed=not created,
                 via="page" if nonce is None else "link")
    alerted = 0
    if rating.lowest <= LOW_RATING and not was_low:
        alerted = _alert_low_rating(query, rating)
    return Rated(rating=rating, feedback=feedback, created=created, alerted=alerted)


def low_rating_recipients(query: Query) -> list[Member]:
    """The desk lead and the desk's officers (every officer when the query has no desk), among those who
    may see the query (the alert names it)."""
    people = Member.objects.filter(is_active=True)
    if query.desk_id:
        people = people.filter(Q(desks=query.desk_id) | Q(led_desks=query.desk_id))
    else:
        people = people.filter(groups__name=Role.OFFICER)
    return [person for person in people.distinct().order_by("pk") if query_access(person, query).can_view]


def _alert_low_rating(query: Query, rating: Rating) -> int:
    recipients = low_rating_recipients(query)
    for member in recipients:
        queue_notification(
            template="surveys/email/low_rating", to=[member.email], language=member.preferred_language,
            context={"reference": query.reference, "subject": query.subject,
                     "appropriateness": rating.appropriateness, "timeliness": rating.timeliness,
                     "quality": rating.quality, "comment": rating.comment,
                     "url": absolute_url("queries:detail", reference=query.reference)},
        )
    timeline.record(query, EventKind.LOW_RATING_ALERT, lowest=rating.lowest, recipients=len(recipients))
    return len(recipients)
