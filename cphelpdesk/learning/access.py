"""Who may do what in learning.

- Approved members see the published catalogue and enrol themselves; visitors and members awaiting approval
  see nothing of it.
- A coordinator (or co-coordinator) of a coordination group enrols their group's members and follows their
  progress, and nobody else's (directory.GroupMembership); officers and managers enrol and follow anyone.
- A session's facilitator marks its attendance; a pathway's facilitators review its submissions; officers and
  managers do both.
- A step's content (a module's pages, and its PDF for offline reading) is read by members enrolled in the
  published pathway (active with the step's prerequisites done, or completed), its facilitators, and officers
  and managers, who read drafts too (`may_read_step`; the step page applies the same rule and starts the step).
"""

from django.db.models import Q, QuerySet

from cphelpdesk.directory.models import GroupMembership, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.learning.models import Enrolment, Step, StepProgress


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_learner(user) -> bool:
    """An approved member: reads the catalogue, enrols, registers, submits."""
    return _active(user) and user.is_approved


def is_officer(user) -> bool:
    """Officers and managers run learning for the helpdesk."""
    return _active(user) and user.has_role(Role.OFFICER, Role.MANAGER)


def team_of(user) -> QuerySet:
    """The members of the coordination groups `user` leads (themselves included)."""
    led = GroupMembership.objects.filter(member=user, role__in=GroupMembership.LEADS).values("group")
    return Member.objects.filter(group_memberships__group__in=led).distinct()


def coordinates(user, member) -> bool:
    """Whether `user` leads a coordination group `member` belongs to."""
    return _active(user) and team_of(user).filter(pk=member.pk).exists()


def can_enrol(user, member) -> bool:
    """Whether `user` may enrol `member`: themselves, their team's members, anyone for officers."""
    if not _active(user) or not member.is_approved or not member.is_active:
        return False
    if user.pk == member.pk:
        return is_learner(user)
    return is_officer(user) or coordinates(user, member)


def can_follow(user, enrolment) -> bool:
    """Whether `user` may see an enrolment's progress (and withdraw it)."""
    if not _active(user):
        return False
    return (user.pk == enrolment.member_id or is_officer(user) or coordinates(user, enrolment.member)
            or enrolment.pathway.facilitators.filter(pk=user.pk).exists())


def can_mark_attendance(user, session) -> bool:
    return _active(user) and (session.facilitator_id == user.pk or is_officer(user))


def can_review(user, submission) -> bool:
    """A pathway's facilitators, officers and managers; never the member who submitted."""
    if not _active(user) or submission.enrolment.member_id == user.pk:
        return False
    return is_officer(user) or submission.step.pathway.facilitators.filter(pk=user.pk).exists()


def reviewable_by(user) -> Q:
    """The submissions `user` may review, as a filter."""
    if is_officer(user):
        return ~Q(enrolment__member=user)
    return Q(step__pathway__facilitators=user) & ~Q(enrolment__member=user)


def is_facilitator(user) -> bool:
    """Whether `user` facilitates a session or a pathway (their pages in the menu)."""
    return _active(user) and (user.facilitated_sessions.exists() or user.facilitated_pathways.exists())


def may_read_step(user, step: Step) -> bool:
    """Whether `user` may read a module's pages (and download them), without starting the step."""
    if not is_learner(user) or step.kind != Step.Kind.MODULE:
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
