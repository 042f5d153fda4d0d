"""What learning keeps about a person and how each path of `core.erasure` erases it: the files a member
submitted for review (course certificates, assignments), the notes and comments on them, and the session
invitations kept for their reminders go; enrolments, progress and certificates stay with the anonymised account,
for the counts."""

from django.db import transaction

from cphelpdesk.core.erasure import Path, Target, register
from cphelpdesk.learning.models import SessionRegistration, Submission
from cphelpdesk.learning.reminders import drop_invitations


def drop_submissions(target: Target) -> None:
    """A member erased (or their closed account past retention): their submissions and files go."""
    submissions = Submission.objects.filter(enrolment__member_id__in=target.members)
    names = set(submissions.values_list("file", flat=True))
    count, _by_model = submissions.delete()
    # A file another submission still names stays (the demo shares one).
    names -= set(Submission.objects.filter(file__in=names).values_list("file", flat=True))
    storage = Submission._meta.get_field("file").storage
    target.counts["learning_submissions"] = count
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def drop_member_invitations(target: Target) -> None:
    """The session invitations kept for the member's reminders name them: they go at once."""
    registrations = SessionRegistration.objects.filter(member_id__in=target.members)
    transaction.on_commit(lambda: drop_invitations(registrations))


def register_steps() -> None:
    """Called from LearningConfig.ready()."""
    register("learning", Path.ERASURE, Path.MEMBERS, step=drop_submissions)
    register("learning", Path.ERASURE, Path.MEMBERS, step=drop_member_invitations)
