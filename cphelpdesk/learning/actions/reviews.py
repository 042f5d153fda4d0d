"""Submissions for review: an external course's certificate or an assignment, accepted (the step is done) or
returned with comments (the member submits again)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.core.uploads import check_upload
from cphelpdesk.learning import access, selectors
from cphelpdesk.learning.actions import completion
from cphelpdesk.learning.models import Enrolment, Step, StepProgress, Submission
from cphelpdesk.learning.notices import notify


@transaction.atomic
def submit(*, actor, enrolment: Enrolment, step: Step, upload, note: str = "") -> Submission:
    """Send a file for review (checked like every file that enters the helpdesk); one waits at a time."""
    enrolment = Enrolment.objects.select_for_update().select_related("pathway").get(pk=enrolment.pk)
    if enrolment.member_id != actor.pk:
        raise PermissionDenied(_("This is not your enrolment."))
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(_("You are not following this pathway now."))
    if step.pathway_id != enrolment.pathway_id or not step.needs_review:
        raise ValidationError(_("Nothing is submitted for this step."))
    missing = selectors.prerequisites_missing(enrolment, step)
    if missing:
        raise ValidationError(_("Finish these steps first: %(steps)s.")
                              % {"steps": ", ".join(item.title for item in missing)})
    earlier = enrolment.submissions.filter(step=step, status__in=[Submission.Status.SUBMITTED,
                                                                  Submission.Status.ACCEPTED]).first()
    if earlier is not None:
        raise ValidationError(_("Your submission was accepted already.") if earlier.status == "accepted"
                              else _("Your earlier submission is still waiting for review."))
    checked = check_upload(upload)
    submission = Submission(enrolment=enrolment, step=step, name=checked.name, content_type=checked.content_type,
                            size=checked.size, sha256=checked.sha256, note=note)
    submission.file.save(checked.name, upload, save=False)
    submission.save()
    completion.start(enrolment, step)
    audit.record(actor=actor, action="submission.created", target=submission, step=step.pk)
    return submission


@transaction.atomic
def review(*, actor, submission: Submission, accept: bool, comments: str = "") -> Submission:
    """Accept a submission (the step is done) or return it with comments saying what to change."""
    submission = (Submission.objects.select_for_update()
                  .select_related("enrolment__member", "enrolment__pathway", "step__pathway").get(pk=submission.pk))
    if not access.can_review(actor, submission):
        raise PermissionDenied(_("You cannot review this submission."))
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(_("This submission was reviewed already."))
    if not accept and not comments.strip():
        raise ValidationError(_("Say what to change when returning a submission."))
    submission.status = Submission.Status.ACCEPTED if accept else Submission.Status.RETURNED
    submission.reviewer, submission.reviewed_at, submission.comments = actor, timezone.now(), comments.strip()
    submission.save(update_fields=["status", "reviewer", "reviewed_at", "comments"])
    audit.record(actor=actor, action="submission.reviewed", target=submission, accepted=accept)
    enrolment = submission.enrolment
    notify(enrolment.member, "submission_accepted" if accept else "submission_returned",
           pathway=enrolment.pathway, step=submission.step, comments=submission.comments)
    if accept and enrolment.status == Enrolment.Status.ACTIVE:
        completion.complete_step(actor=actor, enrolment=enrolment, step=submission.step)
    elif accept:
        # Accepted after the member withdrew: the step counts should they come back.
        StepProgress.objects.filter(enrolment=enrolment, step=submission.step).update(
            status=StepProgress.Status.DONE, completed_at=timezone.now())
    return submission
