"""Referrals: sending a query outside the desk, and the answer coming back."""

import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cphelpdesk.core import links
from cphelpdesk.core.inputs import clean_text
from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Member
from cphelpdesk.queries import selectors, timeline
from cphelpdesk.queries.access import can_answer_referral
from cphelpdesk.queries.actions.base import (
    InvalidTransition,
    _check,
    _due,
    _locked,
    _require,
    _set_status,
)
from cphelpdesk.queries.models import (
    EventKind,
    Message,
    Query,
    Referral,
    Status,
)
from cphelpdesk.queries.threading import referral_headers

# --- referrals -----------------------------------------------------------------------------------

REFERRAL_SALT = "cphelpdesk.queries.referral"


class ReferralLinkProblem(links.LinkProblem):
    """A referral answer link that cannot be used; `problem` says why."""

    problems = {
        "invalid": (gettext_lazy("The link is not valid. Check that you copied all of it from the message."), 404),
        "expired": (gettext_lazy("The link has expired. Reply to the helpdesk's message and we will send you a "
                                 "new one."), 410),
        "closed": (gettext_lazy("This question no longer needs an answer: the helpdesk has closed it or withdrawn "
                                "the referral. Thank you."), 410),
    }
    title = gettext_lazy("Referral link")


# The token carries the referral's id and expires HELPDESK_LINK_MAX_AGE_DAYS after it was mailed; answering
# the referral, or closing its query, ends it sooner (`read_referral_link`).
REFERRAL_LINK = links.Purpose(REFERRAL_SALT, ReferralLinkProblem, max_age_setting="HELPDESK_LINK_MAX_AGE_DAYS")
# Links mailed before issue #12 were `TimestampSigner(salt=REFERRAL_SALT).sign(str(pk))`: "<pk>:<time>:<mac>",
# same salt and key, read here with the same age limit. They have all expired HELPDESK_LINK_MAX_AGE_DAYS (30)
# after the release that brought `core.links` (mid-January 2027 for a December 2026 release): remove then.
_LEGACY_TOKEN = re.compile(r"\d+:[^:]+:[^:]+")


def referral_token(referral: Referral) -> str:
    """The token of the link that lets the recipient answer without logging in."""
    return REFERRAL_LINK.sign(referral.pk)


def _legacy_referral_id(token: str) -> int:
    try:
        return int(signing.TimestampSigner(salt=REFERRAL_SALT).unsign(
            token, max_age=settings.HELPDESK_LINK_MAX_AGE_DAYS * 86400))
    except signing.SignatureExpired:
        raise ReferralLinkProblem("expired") from None
    except signing.BadSignature:
        raise ReferralLinkProblem("invalid") from None


def read_referral_link(token: str) -> Referral:
    """The referral a link is for, still waiting for its answer or answered (the page then only thanks), or
    `ReferralLinkProblem` saying why the link cannot be used."""
    pk = _legacy_referral_id(token) if _LEGACY_TOKEN.fullmatch(token) else REFERRAL_LINK.unsign(token)
    if not isinstance(pk, int):
        raise ReferralLinkProblem("invalid")
    referral = Referral.objects.select_related("query").filter(pk=pk).first()
    if referral is None:
        raise ReferralLinkProblem("invalid")
    if referral.status != Referral.Status.ANSWERED and (
            referral.status != Referral.Status.SENT or not referral.query.is_open):
        raise ReferralLinkProblem("closed")
    return referral


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
    timeline.record(query, EventKind.REFERRED, actor=actor, referral=referral.pk, destination=destination,
                    to=recipient_name)
    first = selectors.question(query)
    queue_notification(
        template="queries/email/referral", to=[recipient_email], headers=referral_headers(referral.pk),
        language=recipient.preferred_language if recipient else "en",
        context={"reference": query.reference, "subject": query.subject, "reason": referral.reason,
                 "question": first.body if first else "", "by": str(actor), "name": recipient_name,
                 "url": absolute_url("queries:referral_answer", token=referral_token(referral))},
    )
    return referral


@transaction.atomic
def answer_referral(*, referral: Referral, body: str, answered_by: str = "", actor: Member | None = None) -> Message:
    """The referral recipient's answer lands on the query as an internal note staff can use.

    Through the mailed link the link is the credential (no `actor`); a signed-in `actor` (the API) must be the
    member the referral was sent to."""
    referral = Referral.objects.select_for_update().select_related("query").get(pk=referral.pk)
    if actor is not None and not can_answer_referral(actor, referral):
        raise PermissionDenied(_("Only the person this referral was sent to can answer it."))
    if referral.status != Referral.Status.SENT or not referral.query.is_open:
        raise InvalidTransition(_("This referral has already been answered or closed."))
    body = clean_text(body)
    if not body:
        raise ValidationError(_("Write your answer before sending."))
    query = _locked(referral.query)
    now = timezone.now()
    label = answered_by or (actor.full_name if actor is not None else "") or referral.recipient_name
    message = Message.objects.create(query=query, kind=Message.Kind.NOTE, author=referral.recipient,
                                     author_name=label, body=body, sensitivity=Sensitivity.CONFIDENTIAL,
                                     created_at=now)
    referral.status, referral.outcome, referral.answered_at = Referral.Status.ANSWERED, body, now
    referral.save(update_fields=["status", "outcome", "answered_at"])
    timeline.record(query, EventKind.REFERRAL_ANSWERED, actor=referral.recipient, actor_label=label,
                    referral=referral.pk)
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
