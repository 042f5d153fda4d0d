"""What feedback and survey campaigns keep about people, and how each path of `core.erasure` erases it."""

from cphelpdesk.core.erasure import Path, Target, register
from cphelpdesk.surveys.models import FeedbackRequest, Invitation, Rating


def forget_feedback(target: Target) -> None:
    """The scores stay (satisfaction statistics); the free-text comment and any open rating link go."""
    Rating.objects.filter(query_id__in=target.queries).exclude(comment="").update(comment="")
    FeedbackRequest.objects.filter(query_id__in=target.queries).delete()


def forget_invitations(target: Target) -> None:
    """Who was asked to answer a survey, and whether they did: the answers name nobody and stay, and so do
    the survey's counts."""
    invitations = Invitation.objects.filter(member_id__in=target.members) if target.members else \
        Invitation.objects.filter(pk__in=target.records)
    target.counts["invitations"] = invitations.delete()[0]


def register_steps() -> None:
    """Called from SurveysConfig.ready()."""
    register("surveys", Path.INDIVIDUAL_CASE, Path.ERASURE, Path.MEMBERS, Path.CONTACTS, step=forget_feedback)
    register("surveys", Path.ERASURE, Path.MEMBERS, Path.SURVEY_INVITATIONS, step=forget_invitations)
