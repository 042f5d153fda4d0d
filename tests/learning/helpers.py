"""A few rows for the tests of learning's documents (certificates, reminders, offline modules)."""

import itertools

from django.utils import timezone

from cphelpdesk.learning.models import Enrolment, LiveSession, ModulePage, Pathway, Step
from tests.factories import MemberFactory

_numbers = itertools.count(1)


def pathway(slug: str = "", title: str = "New CP coordinator", **fields) -> Pathway:
    return Pathway.objects.create(slug=slug or f"pathway-{next(_numbers)}", title=title,
                                  is_published=fields.pop("is_published", True), **fields)


def completed(member=None, path: Pathway | None = None, **member_fields) -> Enrolment:
    """A member's completed enrolment in a pathway."""
    member = member or MemberFactory(**member_fields)
    return Enrolment.objects.create(member=member, pathway=path or pathway(), status=Enrolment.Status.COMPLETED,
                                    completed_at=timezone.now())


def module(path: Pathway | None = None, *pages: tuple[str, str], title: str = "Coordination basics") -> Step:
    """A module step with its pages (title, body)."""
    step = Step.objects.create(pathway=path or pathway(), title=title, kind=Step.Kind.MODULE)
    for order, (page_title, body) in enumerate(pages):
        ModulePage.objects.create(step=step, order=order, title=page_title, body=body)
    return step


def session(starts_at, time_zone: str, path: Pathway | None = None, **fields) -> LiveSession:
    step = Step.objects.create(pathway=path or pathway(), title="Coordination in practice",
                               kind=Step.Kind.LIVE_SESSION)
    return LiveSession.objects.create(step=step, title=fields.pop("title", "Coordination webinar"),
                                      starts_at=starts_at, time_zone=time_zone, **fields)
