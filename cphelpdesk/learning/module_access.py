"""Who may download a module for offline reading: who may read the module's pages.

This is the rule of the learning pages' step view, written out here without its side effect of starting the
step: approved members enrolled in the published pathway (active with the step's prerequisites done, or
completed), its facilitators, and officers and managers, who read drafts too. Once the learning pages are merged
it can defer to their check (`learning.access`).
"""

from cphelpdesk.directory.permissions import is_officer
from cphelpdesk.learning.models import Enrolment, Step, StepProgress


def may_read(user, step: Step) -> bool:
    """Whether `user` may read (and so download) a module's pages: the rule of the module page itself."""
    if not (user and user.is_authenticated and user.is_active and user.is_approved) or step.kind != Step.Kind.MODULE:
        return False
    pathway = step.pathway
    if is_officer(user):
        return True
    if not pathway.is_published:
        return False
    if pathway.facilitators.filter(pk=user.pk).exists():
        return True
    enrolment = Enrolment.objects.filter(member=user, pathway=pathway).first()
    if enrolment is None or enrolment.status == Enrolment.Status.WITHDRAWN:
        return False
    done = enrolment.progress.filter(status=StepProgress.Status.DONE).values("step")
    return (enrolment.status == Enrolment.Status.COMPLETED
            or not step.prerequisites.exclude(pk__in=done).exists())
