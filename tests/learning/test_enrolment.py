"""Enrolling (oneself, by a coordinator, by an officer), prerequisites, modules, withdrawal, completion."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Approval
from cphelpdesk.directory.roles import Role
from cphelpdesk.learning import certificates
from cphelpdesk.learning.actions import enrolment, sessions
from cphelpdesk.learning.models import Enrolment, SessionRegistration, Step, StepProgress
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks
from tests.learning.factories import LiveSessionFactory, PathwayFactory, StepFactory, make_quiz, team

pytestmark = pytest.mark.django_db


def test_a_member_enrols_themselves_and_every_step_starts_not_started():
    member = MemberFactory()
    pathway = PathwayFactory()
    StepFactory.create_batch(3, pathway=pathway)
    enrolled = enrolment.enrol(actor=member, member=member, pathway=pathway)
    assert enrolled.status == Enrolment.Status.ACTIVE and enrolled.enrolled_by == member
    assert list(enrolled.progress.values_list("status", flat=True)) == [StepProgress.Status.NOT_STARTED] * 3
    assert AuditEntry.objects.filter(action="enrolment.created", actor=member).exists()
    # Asking again changes nothing.
    assert enrolment.enrol(actor=member, member=member, pathway=pathway) == enrolled


def test_a_member_awaiting_approval_cannot_enrol_and_an_unpublished_pathway_is_closed():
    pending = MemberFactory(approval=Approval.PENDING)
    with pytest.raises(PermissionDenied):
        enrolment.enrol(actor=pending, member=pending, pathway=PathwayFactory())
    member = MemberFactory()
    with pytest.raises(ValidationError):
        enrolment.enrol(actor=member, member=member, pathway=PathwayFactory(is_published=False))


def test_a_coordinator_enrols_their_team_member_not_others_and_the_member_is_told(
        inbox, django_capture_on_commit_callbacks):
    coordinator, colleague, stranger = MemberFactory(), MemberFactory(preferred_language="fr"), MemberFactory()
    team(coordinator, [colleague])
    pathway = PathwayFactory(title="CP information manager")
    pathway.translations.create(language="fr", title="Gestionnaire de l'information PE")
    with django_capture_on_commit_callbacks(execute=True):
        enrolled = enrolment.enrol(actor=coordinator, member=colleague, pathway=pathway)
    run_queued_tasks()
    assert enrolled.enrolled_by == coordinator
    [mail] = inbox.to(colleague.email)
    assert "Gestionnaire de l'information PE" in mail["Subject"]
    with pytest.raises(PermissionDenied):
        enrolment.enrol(actor=coordinator, member=stranger, pathway=pathway)
    # A team member does not enrol their coordinator.
    with pytest.raises(PermissionDenied):
        enrolment.enrol(actor=colleague, member=coordinator, pathway=pathway)


def test_an_officer_enrols_anyone():
    officer, member = MemberFactory(roles=[Role.OFFICER]), MemberFactory()
    assert enrolment.enrol(actor=officer, member=member, pathway=PathwayFactory()).enrolled_by == officer


def test_a_step_cannot_start_before_its_prerequisites_are_done():
    member = MemberFactory()
    pathway = PathwayFactory()
    first, second = StepFactory(pathway=pathway, title="Roles of the coordinator"), StepFactory(pathway=pathway)
    second.prerequisites.add(first)
    enrolled = enrolment.enrol(actor=member, member=member, pathway=pathway)
    with pytest.raises(ValidationError, match="Roles of the coordinator"):
        enrolment.start_step(actor=member, enrolment=enrolled, step=second)
    assert enrolment.start_step(actor=member, enrolment=enrolled, step=first).status == "in_progress"
    enrolment.finish_module(actor=member, enrolment=enrolled, step=first)
    assert enrolment.start_step(actor=member, enrolment=enrolled, step=second).status == "in_progress"


def test_someone_else_cannot_work_on_a_members_enrolment():
    member, other = MemberFactory(), MemberFactory()
    step = StepFactory()
    enrolled = enrolment.enrol(actor=member, member=member, pathway=step.pathway)
    with pytest.raises(PermissionDenied):
        enrolment.finish_module(actor=other, enrolment=enrolled, step=step)


def test_the_last_step_done_completes_the_pathway_and_issues_one_certificate(
        inbox, django_capture_on_commit_callbacks):
    member = MemberFactory()
    pathway = PathwayFactory(title="CPMS in practice")
    steps = StepFactory.create_batch(2, pathway=pathway)
    enrolled = enrolment.enrol(actor=member, member=member, pathway=pathway)
    enrolment.finish_module(actor=member, enrolment=enrolled, step=steps[0])
    enrolled.refresh_from_db()
    assert enrolled.status == Enrolment.Status.ACTIVE and not enrolled.certificates.exists()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.finish_module(actor=member, enrolment=enrolled, step=steps[1])
    run_queued_tasks()
    enrolled.refresh_from_db()
    assert enrolled.status == Enrolment.Status.COMPLETED and enrolled.completed_at is not None
    [certificate] = enrolled.certificates.all()
    assert certificates.is_well_formed(certificate.code) and certificate.language == member.preferred_language
    [mail] = inbox.to(member.email)
    assert "CPMS in practice" in mail["Subject"] and certificate.code in inbox.body(mail)
    assert certificates.issue(enrolled) == certificate


def test_withdrawal_gives_up_places_to_the_waitlist_and_keeps_progress():
    member, waiting = MemberFactory(), MemberFactory()
    session = LiveSessionFactory(capacity=1)
    module = StepFactory(pathway=session.step.pathway)
    pathway = session.step.pathway
    enrolled = enrolment.enrol(actor=member, member=member, pathway=pathway)
    enrolment.finish_module(actor=member, enrolment=enrolled, step=module)
    enrolment.enrol(actor=waiting, member=waiting, pathway=pathway)
    sessions.register(actor=member, session=session)
    later = sessions.register(actor=waiting, session=session)
    assert later.status == SessionRegistration.Status.WAITLISTED
    enrolment.withdraw(actor=member, enrolment=enrolled)
    later.refresh_from_db()
    assert later.status == SessionRegistration.Status.REGISTERED
    assert session.registrations.get(member=member).status == SessionRegistration.Status.CANCELLED
    enrolled.refresh_from_db()
    assert enrolled.status == Enrolment.Status.WITHDRAWN
    # Coming back: the module read before is still done.
    again = enrolment.enrol(actor=member, member=member, pathway=pathway)
    assert again.progress.get(step=module).status == StepProgress.Status.DONE
    with pytest.raises(PermissionDenied):
        enrolment.withdraw(actor=waiting, enrolment=again)


def test_a_module_with_a_quiz_is_not_finished_by_reading_it():
    member = MemberFactory()
    step = StepFactory(kind=Step.Kind.MODULE)
    make_quiz(step)
    enrolled = enrolment.enrol(actor=member, member=member, pathway=step.pathway)
    with pytest.raises(ValidationError):
        enrolment.finish_module(actor=member, enrolment=enrolled, step=Step.objects.get(pk=step.pk))
