"""What the privacy app itself keeps about people (findings, erasure requests), and how each path of the
registry erases it."""

from cphelpdesk.core.erasure import Path, Stage, Target, register
from cphelpdesk.privacy.models import DataRequest, Finding


def find_findings(target: Target) -> None:
    """Whatever the detector found in the queries is to go from every copy."""
    target.add_words(*Finding.objects.filter(query_id__in=target.queries).exclude(text="")
                     .values_list("text", flat=True))


def forget_findings(target: Target) -> None:
    """Findings keep their kind (what was found, for the timeline's sake) and lose the text; the open ones are
    resolved, since the text they point to is gone."""
    Finding.objects.filter(query_id__in=target.queries, state=Finding.State.OPEN).update(
        state=Finding.State.REDACTED, resolved_at=target.now)
    Finding.objects.filter(query_id__in=target.queries).exclude(text="").update(text="")


def forget_requests(target: Target) -> None:
    """The reason a member gave for their erasure request is their own words: it goes; the decision stays."""
    DataRequest.objects.filter(member_id__in=target.members).exclude(reason="").update(reason="")


def register_steps() -> None:
    """Called from PrivacyConfig.ready()."""
    people = (Path.ERASURE, Path.MEMBERS, Path.CONTACTS)
    register("privacy", *people, step=find_findings, stage=Stage.FIND)
    register("privacy", Path.INDIVIDUAL_CASE, *people, step=forget_findings)
    register("privacy", Path.ERASURE, Path.MEMBERS, step=forget_requests)
