"""Live sessions: capacity, the waitlist promoted in order, cancellation, attendance by the facilitator."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cphelpdesk.directory.roles import Role
from cphelpdesk.learning import selectors
from cphelpdesk.learning.actions import enrolment, sessions
from cphelpdesk.learning.models import Enrolment, LiveSession, SessionRegistration, StepProgress
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks
from tests.learning.factories import LiveSessionFactory, StepFactory

pytestmark = pytest.mark.django_db
Status = SessionRegistration.Status


def enrolled_members(session, count: int) -> list:
    members = MemberFactory.create_batch(count)
    for member in members:
        enrolment.enrol(actor=member, member=member, pathway=session.step.pathway)
    return members


def test_places_go_to_the_first_until_full_then_the_waitlist_in_order():
    session = LiveSessionFactory(capacity=2)
    first, second, third, fourth = enrolled_members(session, 4)
    assert [sessions.register(actor=member, session=session).status for member in (first, second, third, fourth)
            ] == [Status.REGISTERED, Status.REGISTERED, Status.WAITLISTED, Status.WAITLISTED]
    assert selectors.places_taken(session) == 2
    third_spot = session.registrations.get(member=third)
    assert selectors.waitlist_position(third_spot) == 1
    assert selectors.waitlist_position(session.registrations.get(member=fourth)) == 2
    # Asking again keeps one's place.
    assert sessions.register(actor=first, session=session).status == Status.REGISTERED
    assert session.registrations.count() == 4


def test_a_cancelled_place_goes_to_the_first_waiting_who_is_told(inbox, django_capture_on_commit_callbacks):
    # 14:00 UTC is 9 in the morning in Bogotá, which the mail says.
    session = LiveSessionFactory(capacity=1, time_zone="America/Bogota",
                                 starts_at=datetime(2030, 3, 12, 14, 0, tzinfo=UTC))
    holder, waiting_first, waiting_second = enrolled_members(session, 3)
    for member in (holder, waiting_first, waiting_second):
        sessions.register(actor=member, session=session)
    with django_capture_on_commit_callbacks(execute=True):
        sessions.cancel(actor=holder, registration=session.registrations.get(member=holder))
    run_queued_tasks()
    statuses = dict(session.registrations.values_list("member", "status"))
    assert statuses == {holder.pk: Status.CANCELLED, waiting_first.pk: Status.REGISTERED,
                        waiting_second.pk: Status.WAITLISTED}
    assert selectors.waitlist_position(session.registrations.get(member=waiting_second)) == 1
    # Each was told of their waitlist spot when they asked; only the first is told of the freed place.
    [mail] = [mail for mail in inbox.to(waiting_first.email) if "A place freed" in mail["Subject"]]
    assert "March 12, 2030, 9 a.m. (America/Bogota)" in inbox.body(mail)
    assert not [mail for mail in inbox.to(waiting_second.email) if "A place freed" in mail["Subject"]]


def test_a_waitlisted_cancellation_frees_no_place_and_the_line_moves_up():
    session = LiveSessionFactory(capacity=1)
    holder, waiting_first, waiting_second = enrolled_members(session, 3)
    for member in (holder, waiting_first, waiting_second):
        sessions.register(actor=member, session=session)
    sessions.cancel(actor=waiting_first, registration=session.registrations.get(member=waiting_first))
    assert session.registrations.get(member=holder).status == Status.REGISTERED
    assert selectors.waitlist_position(session.registrations.get(member=waiting_second)) == 1


def test_someone_who_cancelled_and_asks_again_goes_to_the_end_of_the_line():
    session = LiveSessionFactory(capacity=1)
    holder, waiting, returning = enrolled_members(session, 3)
    sessions.register(actor=holder, session=session)
    sessions.register(actor=returning, session=session)
    sessions.register(actor=waiting, session=session)
    sessions.cancel(actor=returning, registration=session.registrations.get(member=returning))
    again = sessions.register(actor=returning, session=session)
    assert again.status == Status.WAITLISTED and selectors.waitlist_position(again) == 2


def test_only_enrolled_members_past_the_prerequisites_register_for_an_open_session():
    session = LiveSessionFactory()
    outsider = MemberFactory()
    with pytest.raises(ValidationError, match="Enrol"):
        sessions.register(actor=outsider, session=session)
    reading = StepFactory(pathway=session.step.pathway, title="Read the CPMS first")
    session.step.prerequisites.add(reading)
    [member] = enrolled_members(session, 1)
    with pytest.raises(ValidationError, match="Read the CPMS first"):
        sessions.register(actor=member, session=session)
    past = LiveSessionFactory(step=session.step, starts_at=timezone.now() - timedelta(hours=1))
    enrolment.finish_module(actor=member, enrolment=member.enrolments.get(), step=reading)
    with pytest.raises(ValidationError):
        sessions.register(actor=member, session=past)
    assert sessions.register(actor=member, session=session).status == Status.REGISTERED


def test_the_facilitator_marks_attendance_and_attending_marks_the_step_done():
    session = LiveSessionFactory()
    StepFactory(pathway=session.step.pathway)  # another step, so the pathway is not completed
    attendee, absentee = enrolled_members(session, 2)
    for member in (attendee, absentee):
        sessions.register(actor=member, session=session)
    came = session.registrations.get(member=attendee)
    with pytest.raises(ValidationError, match="once the session has started"):
        sessions.mark_attendance(actor=session.facilitator, registration=came, attended=True)
    LiveSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(minutes=5))  # it began
    with pytest.raises(PermissionDenied):
        sessions.mark_attendance(actor=absentee, registration=came, attended=True)
    sessions.mark_attendance(actor=session.facilitator, registration=came, attended=True)
    sessions.mark_attendance(actor=session.facilitator, registration=session.registrations.get(member=absentee),
                             attended=False)
    came.refresh_from_db()
    assert came.status == Status.ATTENDED and came.marked_by == session.facilitator
    assert attendee.enrolments.get().progress.get(step=session.step).status == StepProgress.Status.DONE
    assert absentee.enrolments.get().progress.get(step=session.step).status == StepProgress.Status.IN_PROGRESS
    # A mistake corrected: marked absent after all, the step is no longer done.
    sessions.mark_attendance(actor=MemberFactory(roles=[Role.OFFICER]), registration=came, attended=False)
    assert attendee.enrolments.get().progress.get(step=session.step).status == StepProgress.Status.IN_PROGRESS


def test_someone_else_cannot_cancel_a_members_place():
    session = LiveSessionFactory()
    member, other = enrolled_members(session, 2)
    registration = sessions.register(actor=member, session=session)
    with pytest.raises(PermissionDenied):
        sessions.cancel(actor=other, registration=registration)


def test_attendance_corrected_after_it_completed_the_pathway_reopens_it_and_revokes_the_certificate():
    session = LiveSessionFactory()  # the pathway's only step
    [member] = enrolled_members(session, 1)
    sessions.register(actor=member, session=session)
    LiveSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    registration = session.registrations.get(member=member)
    sessions.mark_attendance(actor=session.facilitator, registration=registration, attended=True)
    enrolled = member.enrolments.get()
    assert enrolled.status == Enrolment.Status.COMPLETED
    certificate = enrolled.certificates.get()
    sessions.mark_attendance(actor=session.facilitator, registration=registration, attended=False)
    enrolled.refresh_from_db()
    certificate.refresh_from_db()
    assert enrolled.status == Enrolment.Status.ACTIVE and enrolled.completed_at is None
    assert certificate.revoked_at is not None and "corrected" in certificate.revocation_reason
    # Attending after all completes it again, with a new certificate.
    sessions.mark_attendance(actor=session.facilitator, registration=registration, attended=True)
    assert enrolled.certificates.filter(revoked_at__isnull=True).count() == 1
