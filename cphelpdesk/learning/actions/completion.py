"""A step done, and when it was the last, the pathway completed and its certificate issued."""

from django.db import transaction
from django.utils import timezone

from cphelpdesk.core import audit
from cphelpdesk.learning import certificates
from cphelpdesk.learning.models import Certificate, Enrolment, Step, StepProgress
from cphelpdesk.learning.notices import notify


def progress_row(enrolment: Enrolment, step: Step) -> StepProgress:
    """The member's progress on a step, locked for the change (created when the step came after enrolling)."""
    row, _created = StepProgress.objects.select_for_update().get_or_create(enrolment=enrolment, step=step)
    return row


def start(enrolment: Enrolment, step: Step) -> StepProgress:
    """Mark a step in progress (the caller checked its prerequisites); a done step stays done."""
    row = progress_row(enrolment, step)
    if row.status == StepProgress.Status.NOT_STARTED:
        row.status, row.started_at = StepProgress.Status.IN_PROGRESS, timezone.now()
        row.save(update_fields=["status", "started_at"])
    return row


@transaction.atomic
def complete_step(*, actor, enrolment: Enrolment, step: Step, score: int | None = None) -> StepProgress:
    """Mark a step done (once), then complete the pathway if it was the last step not done."""
    row = progress_row(enrolment, step)
    if score is not None:
        row.score = max(score, row.score or 0)
    if row.status != StepProgress.Status.DONE:
        now = timezone.now()
        row.status, row.completed_at, row.started_at = StepProgress.Status.DONE, now, row.started_at or now
        audit.record(actor=actor, action="step_progress.completed", target=enrolment, step=step.pk)
    row.save()
    if enrolment.status == Enrolment.Status.ACTIVE and not _steps_left(enrolment):
        complete_pathway(actor=actor, enrolment=enrolment)
    return row


def _steps_left(enrolment: Enrolment) -> bool:
    done = enrolment.progress.filter(status=StepProgress.Status.DONE).values("step")
    return enrolment.pathway.steps.exclude(pk__in=done).exists()


@transaction.atomic
def complete_pathway(*, actor, enrolment: Enrolment) -> Certificate:
    """Record the pathway completed (Moodle's course completion: every step done) and issue its certificate."""
    enrolment.status, enrolment.completed_at = Enrolment.Status.COMPLETED, timezone.now()
    enrolment.save(update_fields=["status", "completed_at"])
    audit.record(actor=actor, action="enrolment.completed", target=enrolment)
    certificate = certificates.issue(enrolment, actor=actor)
    notify(enrolment.member, "pathway_completed", pathway=enrolment.pathway, code=certificate.code)
    return certificate


@transaction.atomic
def reopen(*, actor, enrolment: Enrolment, reason: str) -> Enrolment:
    """A completion undone (a step it counted was corrected): the enrolment is active again and its certificate
    is revoked with `reason`, so the public page refuses it; completing the pathway again issues a new one."""
    enrolment.status, enrolment.completed_at = Enrolment.Status.ACTIVE, None
    enrolment.save(update_fields=["status", "completed_at"])
    for certificate in enrolment.certificates.filter(revoked_at__isnull=True):
        certificates.revoke(certificate, actor=actor, reason=reason)
    audit.record(actor=actor, action="enrolment.reopened", target=enrolment)
    return enrolment
