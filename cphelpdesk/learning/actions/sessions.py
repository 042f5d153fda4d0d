"""Live sessions: a place or a spot on the waitlist, cancellation that promotes the first in line, attendance.

Every change of places locks the session row first (select_for_update; on PostgreSQL two members asking for
the last place at once are served one after the other), so places never exceed capacity and the waitlist
moves in order.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.learning import access, selectors
from cphelpdesk.learning.actions import completion
from cphelpdesk.learning.models import Enrolment, LiveSession, SessionRegistration, StepProgress
from cphelpdesk.learning.notices import notify

Status = SessionRegistration.Status


def _locked(session: LiveSession) -> LiveSession:
    return LiveSession.objects.select_for_update().select_related("step__pathway").get(pk=session.pk)


def _active_enrolment(member, session: LiveSession) -> Enrolment:
    enrolment = Enrolment.objects.filter(member=member, pathway=session.step.pathway,
                                         status=Enrolment.Status.ACTIVE).first()
    if enrolment is None:
        raise ValidationError(_("Enrol in the pathway first."))
    return enrolment


def _session_context(session: LiveSession) -> dict:
    return {"starts": session.local_start, "time_zone": session.time_zone, "place": session.place,
            "link": session.link}


@transaction.atomic
def register(*, actor, session: LiveSession) -> SessionRegistration:
    """Give `actor` a place at the session, or the waitlist's last spot when it is full. Asking again keeps
    the place (or spot) they have; a member who cancelled goes to the end of the line."""
    session = _locked(session)
    if not access.is_learner(actor):
        raise PermissionDenied(_("Only approved members register for sessions."))
    if session.cancelled_at is not None or session.starts_at <= timezone.now():
        raise ValidationError(_("This session is no longer open for registration."))
    enrolment = _active_enrolment(actor, session)
    missing = selectors.prerequisites_missing(enrolment, session.step)
    if missing:
        raise ValidationError(_("Finish these steps first: %(steps)s.")
                              % {"steps": ", ".join(step.title for step in missing)})
    registration = SessionRegistration.objects.filter(session=session, member=actor).first()
    if registration is not None and registration.status in (Status.REGISTERED, Status.WAITLISTED):
        return registration
    if registration is not None and registration.status != Status.CANCELLED:
        raise ValidationError(_("Your attendance at this session is already recorded."))
    full = selectors.places_taken(session) >= session.capacity
    registration = registration or SessionRegistration(session=session, member=actor)
    registration.status = Status.WAITLISTED if full else Status.REGISTERED
    registration.queued_at, registration.promoted_at, registration.reminded_at = timezone.now(), None, None
    registration.save()
    completion.start(enrolment, session.step)
    audit.record(actor=actor, action="session_registration.created", target=session,
                 registration=registration.pk, status=registration.status)
    notify(actor, "session_waitlisted" if full else "session_registered", pathway=session.step.pathway,
           step=session.step, position=selectors.waitlist_position(registration), **_session_context(session))
    return registration


@transaction.atomic
def cancel(*, actor, registration: SessionRegistration) -> SessionRegistration:
    """Give up a place (or a waitlist spot); a freed place goes to the first in line."""
    session = _locked(registration.session)
    registration = SessionRegistration.objects.get(pk=registration.pk)
    if actor.pk != registration.member_id and not access.is_officer(actor):
        raise PermissionDenied(_("You cannot cancel this registration."))
    if registration.status not in (Status.REGISTERED, Status.WAITLISTED):
        raise ValidationError(_("This registration cannot be cancelled any more."))
    _cancel(actor, session, registration)
    return registration


def _cancel(actor, session: LiveSession, registration: SessionRegistration) -> None:
    held_place = registration.status == Status.REGISTERED
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status"])
    audit.record(actor=actor, action="session_registration.cancelled", target=session,
                 registration=registration.pk)
    if held_place:
        promote_waitlist(actor=actor, session=session)


def cancel_for_withdrawal(*, actor, enrolment: Enrolment) -> int:
    """Cancel the member's places and spots at the pathway's sessions still to come (they withdrew); the freed
    places go to those waiting. Returns how many were cancelled."""
    upcoming = SessionRegistration.objects.filter(
        member_id=enrolment.member_id, session__step__pathway_id=enrolment.pathway_id,
        session__starts_at__gt=timezone.now(), status__in=[Status.REGISTERED, Status.WAITLISTED])
    count = 0
    for session_id in upcoming.order_by("session_id").values_list("session_id", flat=True).distinct():
        session = _locked(LiveSession(pk=session_id))
        registration = upcoming.filter(session=session).first()
        if registration is not None:
            _cancel(actor, session, registration)
            count += 1
    return count


def promote_waitlist(*, actor, session: LiveSession) -> list[SessionRegistration]:
    """Move the first in line into free places, in order (the caller holds the session's lock)."""
    free = session.capacity - selectors.places_taken(session)
    promoted = list(selectors.waitlist(session)[:max(free, 0)])
    now = timezone.now()
    for registration in promoted:
        registration.status, registration.promoted_at = Status.REGISTERED, now
        registration.save(update_fields=["status", "promoted_at"])
        audit.record(actor=actor, action="session_registration.promoted", target=session,
                     registration=registration.pk)
        notify(registration.member, "session_promoted", pathway=session.step.pathway, step=session.step,
               **_session_context(session))
    return promoted


@transaction.atomic
def mark_attendance(*, actor, registration: SessionRegistration, attended: bool) -> SessionRegistration:
    """The facilitator records whether a registered member came; coming marks the step done."""
    session = _locked(registration.session)
    registration = SessionRegistration.objects.select_related("member").get(pk=registration.pk)
    if not access.can_mark_attendance(actor, session):
        raise PermissionDenied(_("Only the session's facilitator marks attendance."))
    if registration.status not in SessionRegistration.HOLDS_PLACE:
        raise ValidationError(_("Only members with a place can be marked."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance is marked once the session has started."))
    registration.status = Status.ATTENDED if attended else Status.ABSENT
    registration.marked_by, registration.marked_at = actor, timezone.now()
    registration.save(update_fields=["status", "marked_by", "marked_at"])
    audit.record(actor=actor, action="session_registration.marked", target=session,
                 registration=registration.pk, attended=attended)
    enrolment = Enrolment.objects.filter(member=registration.member, pathway=session.step.pathway).first()
    if attended and enrolment is not None and enrolment.status == Enrolment.Status.ACTIVE:
        completion.complete_step(actor=actor, enrolment=enrolment, step=session.step)
    elif not attended and enrolment is not None:
        _undo_attendance(enrolment, session, actor=actor)
    return registration


def _undo_attendance(enrolment: Enrolment, session: LiveSession, *, actor) -> None:
    """A member marked absent after being marked present (a mistake corrected) has the step back in
    progress, unless they attended another session of the step."""
    attended_other = SessionRegistration.objects.filter(
        member_id=enrolment.member_id, session__step=session.step, status=Status.ATTENDED).exists()
    if attended_other or enrolment.status == Enrolment.Status.WITHDRAWN:
        return
    StepProgress.objects.filter(enrolment=enrolment, step=session.step, status=StepProgress.Status.DONE
                                ).update(status=StepProgress.Status.IN_PROGRESS, completed_at=None)
    if enrolment.status == Enrolment.Status.COMPLETED:
        # That attendance completed the pathway: the pathway is open again, and its certificate no longer holds.
        completion.reopen(actor=actor, enrolment=enrolment,
                          reason=_("Attendance at a live session corrected to absent."))
