"""Enrolling (oneself, or a team member by their coordinator, or anyone by an officer), starting steps in
the order their prerequisites allow, finishing a module, and withdrawing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.learning import access, selectors
from cphelpdesk.learning.actions import completion, sessions
from cphelpdesk.learning.models import Enrolment, Pathway, Step, StepProgress
from cphelpdesk.learning.notices import notify


@transaction.atomic
def enrol(*, actor, member, pathway: Pathway) -> Enrolment:
    """Enrol `member` in a published pathway (again, after a withdrawal); an enrolment already active or
    completed is returned as it is. The member is told when someone else enrolled them."""
    if not access.can_enrol(actor, member):
        raise PermissionDenied(_("You cannot enrol this member."))
    if not pathway.is_published:
        raise ValidationError(_("This pathway is not open for enrolment."))
    enrolment, created = Enrolment.objects.select_for_update().get_or_create(
        member=member, pathway=pathway, defaults={"enrolled_by": actor})
    if not created and enrolment.status != Enrolment.Status.WITHDRAWN:
        return enrolment
    if not created:
        enrolment.status, enrolment.withdrawn_at, enrolment.enrolled_by = Enrolment.Status.ACTIVE, None, actor
        enrolment.save(update_fields=["status", "withdrawn_at", "enrolled_by"])
    # Progress rows for every step, so that "not started" is counted too; steps done before a withdrawal stay.
    existing = set(enrolment.progress.values_list("step_id", flat=True))
    StepProgress.objects.bulk_create([StepProgress(enrolment=enrolment, step=step)
                                      for step in pathway.steps.all() if step.pk not in existing])
    audit.record(actor=actor, action="enrolment.created", target=enrolment, again=not created)
    if actor.pk != member.pk:
        notify(member, "enrolled", pathway=pathway, enrolled_by=actor.full_name)
    return enrolment


def _own_active(actor, enrolment: Enrolment) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().select_related("pathway", "member").get(pk=enrolment.pk)
    if enrolment.member_id != actor.pk:
        raise PermissionDenied(_("This is not your enrolment."))
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(_("You are not following this pathway now."))
    return enrolment


def check_can_start(enrolment: Enrolment, step: Step) -> None:
    """ValidationError naming the prerequisites not done yet, if any."""
    if step.pathway_id != enrolment.pathway_id:
        raise ValidationError(_("This step belongs to another pathway."))
    missing = selectors.prerequisites_missing(enrolment, step)
    if missing:
        raise ValidationError(_("Finish these steps first: %(steps)s.")
                              % {"steps": ", ".join(step.title for step in missing)})


@transaction.atomic
def start_step(*, actor, enrolment: Enrolment, step: Step) -> StepProgress:
    """The member opens a step: in progress from now, once its prerequisites are done."""
    enrolment = _own_active(actor, enrolment)
    check_can_start(enrolment, step)
    return completion.start(enrolment, step)


@transaction.atomic
def finish_module(*, actor, enrolment: Enrolment, step: Step) -> StepProgress:
    """The member has read a module without a quiz (one with a quiz is done when the quiz is passed)."""
    enrolment = _own_active(actor, enrolment)
    check_can_start(enrolment, step)
    if step.kind != Step.Kind.MODULE or hasattr(step, "quiz"):
        raise ValidationError(_("This step is done another way."))
    return completion.complete_step(actor=actor, enrolment=enrolment, step=step)


@transaction.atomic
def withdraw(*, actor, enrolment: Enrolment) -> Enrolment:
    """Leave a pathway (the member, their coordinator or an officer): places at its sessions still to come are
    given up, to those waiting. Progress is kept, should the member come back."""
    enrolment = Enrolment.objects.select_for_update().select_related("pathway", "member").get(pk=enrolment.pk)
    if not access.can_follow(actor, enrolment) or (
            actor.pk != enrolment.member_id and not access.can_enrol(actor, enrolment.member)):
        raise PermissionDenied(_("You cannot withdraw this enrolment."))
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(_("Only an active enrolment can be withdrawn."))
    enrolment.status, enrolment.withdrawn_at = Enrolment.Status.WITHDRAWN, timezone.now()
    enrolment.save(update_fields=["status", "withdrawn_at"])
    freed = sessions.cancel_for_withdrawal(actor=actor, enrolment=enrolment)
    audit.record(actor=actor, action="enrolment.withdrawn", target=enrolment, sessions_cancelled=freed)
    return enrolment
