"""Referrals: sending a query outside the desk, and the answer coming back."""

from django.core.exceptions import ValidationError
from django.core.signing import TimestampSigner
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core.inputs import clean_text
from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Member
from cphelpdesk.queries.actions.base import (
    InvalidTransition,
    _check,
    _due,
    _event,
    _locked,
    _require,
    _set_status,
)
from cphelpdesk.queries.models import (
    Message,
    Query,
    Referral,
    Status,
)
from cphelpdesk.queries.threading import referral_headers

# --- referrals -----------------------------------------------------------------------------------

def referral_token(referral: Referral) -> str:
    return TimestampSigner(salt=REFERRAL_SALT).sign(str(referral.pk))

REFERRAL_SALT = "cphelpdesk.queries.referral"


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
