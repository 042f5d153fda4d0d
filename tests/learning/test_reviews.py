"""External certificates and assignments: submitted, returned with comments, resubmitted, accepted."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cphelpdesk.core import erasure
from cphelpdesk.directory.roles import Role
from cphelpdesk.learning.actions import enrolment, reviews
from cphelpdesk.learning.models import Step, StepProgress, Submission
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks
from tests.learning.factories import StepFactory

pytestmark = pytest.mark.django_db


def pdf(name="certificate.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 a course certificate", content_type="application/pdf")


@pytest.fixture
def assignment():
    step = StepFactory(kind=Step.Kind.ASSIGNMENT, title="Draft workplan")
    StepFactory(pathway=step.pathway)
    return step


def test_a_returned_assignment_is_resubmitted_and_accepted_which_marks_the_step_done(
        assignment, inbox, django_capture_on_commit_callbacks):
    member, facilitator = MemberFactory(), MemberFactory()
    assignment.pathway.facilitators.add(facilitator)
    enrolled = enrolment.enrol(actor=member, member=member, pathway=assignment.pathway)
    first = reviews.submit(actor=member, enrolment=enrolled, step=assignment, upload=pdf("workplan.pdf"))
    assert first.status == Submission.Status.SUBMITTED and first.name == "workplan.pdf"
    with pytest.raises(ValidationError, match="still waiting"):
        reviews.submit(actor=member, enrolment=enrolled, step=assignment, upload=pdf())
    with pytest.raises(ValidationError, match="what to change"):
        reviews.review(actor=facilitator, submission=first, accept=False)
    with django_capture_on_commit_callbacks(execute=True):
        reviews.review(actor=facilitator, submission=first, accept=False, comments="Add the sub-national groups.")
    run_queued_tasks()
    [mail] = inbox.to(member.email)
    assert "Add the sub-national groups." in inbox.body(mail)
    assert enrolled.progress.get(step=assignment).status == StepProgress.Status.IN_PROGRESS
    second = reviews.submit(actor=member, enrolment=enrolled, step=assignment, upload=pdf("workplan-v2.pdf"))
    reviews.review(actor=facilitator, submission=second, accept=True)
    assert enrolled.progress.get(step=assignment).status == StepProgress.Status.DONE
    with pytest.raises(ValidationError, match="accepted already"):
        reviews.submit(actor=member, enrolment=enrolled, step=assignment, upload=pdf())


def test_only_facilitators_and_officers_review_and_never_their_own(assignment):
    member = MemberFactory()
    enrolled = enrolment.enrol(actor=member, member=member, pathway=assignment.pathway)
    submission = reviews.submit(actor=member, enrolment=enrolled, step=assignment, upload=pdf())
    for stranger in (member, MemberFactory(), MemberFactory(roles=[Role.EXPERT])):
        with pytest.raises(PermissionDenied):
            reviews.review(actor=stranger, submission=submission, accept=True)
    reviews.review(actor=MemberFactory(roles=[Role.OFFICER]), submission=submission, accept=True)


def test_a_file_that_is_not_what_it_claims_is_refused_and_a_module_takes_no_submission(assignment):
    member = MemberFactory()
    enrolled = enrolment.enrol(actor=member, member=member, pathway=assignment.pathway)
    fake = SimpleUploadedFile("certificate.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="does not look like"):
        reviews.submit(actor=member, enrolment=enrolled, step=assignment, upload=fake)
    module = StepFactory(pathway=assignment.pathway, kind=Step.Kind.MODULE)
    with pytest.raises(ValidationError):
        reviews.submit(actor=member, enrolment=enrolled, step=module, upload=pdf())
    assert not Submission.objects.exists()


def test_an_external_course_certificate_accepted_completes_the_pathway():
    course = StepFactory(kind=Step.Kind.EXTERNAL_COURSE, external_url="https://kayaconnect.org/course/view.php?id=1")
    member = MemberFactory()
    enrolled = enrolment.enrol(actor=member, member=member, pathway=course.pathway)
    submission = reviews.submit(actor=member, enrolment=enrolled, step=course, upload=pdf())
    reviews.review(actor=MemberFactory(roles=[Role.MANAGER]), submission=submission, accept=True)
    enrolled.refresh_from_db()
    assert enrolled.status == "completed" and enrolled.certificates.exists()


def test_an_erased_member_loses_their_submitted_files(assignment, settings, tmp_path,
                                                      django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    member, other = MemberFactory(), MemberFactory()
    kept = reviews.submit(actor=other, enrolment=enrolment.enrol(actor=other, member=other,
                                                                 pathway=assignment.pathway),
                          step=assignment, upload=pdf())
    gone = reviews.submit(actor=member, enrolment=enrolment.enrol(actor=member, member=member,
                                                                  pathway=assignment.pathway),
                          step=assignment, upload=pdf())
    path = gone.file.path
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase(erasure.Path.ERASURE, erasure.Target(members=[member.pk]))
    assert list(Submission.objects.all()) == [kept]
    assert not Path(path).exists() and Path(kept.file.path).exists()
