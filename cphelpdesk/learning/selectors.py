"""Reads for learning: the catalogue in the reader's language, a member's progress, session places and
waitlists, the review queue and a coordinator's view of their team."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from cphelpdesk.core.config_cache import ConfigCache
from cphelpdesk.learning import access
from cphelpdesk.learning.models import (
    Enrolment,
    LiveSession,
    ModulePage,
    Pathway,
    SessionRegistration,
    Step,
    StepProgress,
    Submission,
)
from cphelpdesk.library import access as library_access
from cphelpdesk.library.models import Resource


def localise(item, language: str):
    """Set `display_title` and `display_summary` (or `display_body` for a module page) on a pathway, step or
    module page from its translation in `language`, where there is one (prefetched `translations` are used)."""
    version = item
    if language != item_language(item):
        version = next((row for row in item.translations.all() if row.language == language), item)
    item.display_title = version.title
    item.display_language = getattr(version, "language", None) or item_language(item)
    if isinstance(item, ModulePage):
        item.display_body = version.body
    else:
        item.display_summary = version.summary
    return item


def item_language(item) -> str:
    """The language an item was written in: a pathway's own, which its steps and pages share."""
    if isinstance(item, Pathway):
        return item.language
    if isinstance(item, Step):
        return item.pathway.language
    return item.step.pathway.language


def title_in(item, language: str) -> str:
    """An item's title in `language` where translated (for mail)."""
    return localise(item, language).display_title


def catalogue(language: str) -> list[Pathway]:
    """The published pathways, each in `language` where there is a version, with their number of steps."""
    pathways = (Pathway.objects.filter(is_published=True).prefetch_related("translations")
                .annotate(step_count=Count("steps")).order_by("order", "title"))  # explicit: a GROUP BY drops it
    return [localise(pathway, language) for pathway in pathways]


def languages_of(pathway: Pathway) -> list[str]:
    """The languages a pathway can be read in."""
    return [pathway.language, *sorted(row.language for row in pathway.translations.all())]


@dataclass
class StepView:
    """A step as a member sees it on the pathway page."""

    step: Step
    progress: StepProgress | None
    can_start: bool
    waiting_for: list[Step] = field(default_factory=list)


def steps_of(pathway: Pathway, language: str) -> list[Step]:
    """A pathway's steps in order, localised, with prerequisites and quiz loaded."""
    steps = (pathway.steps.select_related("pathway", "quiz").prefetch_related("translations", "prerequisites")
             .order_by("order", "id"))
    return [localise(step, language) for step in steps]


def outline(pathway: Pathway, enrolment: Enrolment | None, language: str) -> list[StepView]:
    """Each step of a pathway with the member's progress and, when it cannot start yet, what it waits for."""
    steps = steps_of(pathway, language)
    by_step = {row.step_id: row for row in enrolment.progress.all()} if enrolment else {}
    done = {step_id for step_id, row in by_step.items() if row.status == StepProgress.Status.DONE}
    titles = {step.pk: step for step in steps}
    views = []
    for step in steps:
        waiting = [titles.get(pre.pk, pre) for pre in step.prerequisites.all() if pre.pk not in done]
        views.append(StepView(step=step, progress=by_step.get(step.pk),
                              can_start=enrolment is not None and enrolment.status == Enrolment.Status.ACTIVE
                              and not waiting, waiting_for=waiting))
    return views


def prerequisites_missing(enrolment: Enrolment, step: Step) -> list[Step]:
    """The prerequisites of `step` the member has not done yet."""
    done = enrolment.progress.filter(status=StepProgress.Status.DONE).values("step")
    return list(step.prerequisites.exclude(pk__in=done))


def enrolment_of(member, pathway: Pathway) -> Enrolment | None:
    """The member's enrolment in a pathway, with its progress, if they ever enrolled."""
    if not getattr(member, "is_authenticated", False):
        return None
    return (Enrolment.objects.filter(member=member, pathway=pathway).prefetch_related("progress").first())


def pages_of(step: Step, language: str, reader=None) -> list[ModulePage]:
    """A module's pages in order, localised, with the resources they cite that `reader` may read
    (`cited`)."""
    cited = Prefetch("resources", queryset=library_access.readable_resources(reader, Resource.objects.all()),
                     to_attr="cited") if reader is not None else "resources"
    pages = step.pages.select_related("step__pathway").prefetch_related("translations", cited)
    return [localise(page, language) for page in pages]


def places_taken(session: LiveSession) -> int:
    return session.registrations.filter(status__in=SessionRegistration.HOLDS_PLACE).count()


def waitlist(session: LiveSession) -> QuerySet:
    """The session's waitlist, first in line first."""
    return session.registrations.filter(status=SessionRegistration.Status.WAITLISTED).order_by("queued_at", "id")


def waitlist_position(registration: SessionRegistration) -> int | None:
    """1 for the first in line; None when not on the waitlist."""
    if registration.status != SessionRegistration.Status.WAITLISTED:
        return None
    ahead = waitlist(registration.session).filter(
        Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, id__lt=registration.pk))
    return ahead.count() + 1


def sessions_of(step: Step) -> QuerySet:
    """A live-session step's sessions still to come, with their places taken."""
    return (step.sessions.filter(cancelled_at__isnull=True, starts_at__gte=timezone.now())
            .select_related("facilitator")
            .annotate(taken=Count("registrations",
                                  filter=Q(registrations__status__in=SessionRegistration.HOLDS_PLACE))))


def my_learning(member, language: str) -> dict:
    """A member's enrolments with their progress counts (pathways in `language` where translated), and their
    sessions to come."""
    enrolments = (Enrolment.objects.filter(member=member).select_related("pathway")
                  .prefetch_related("pathway__translations")
                  .annotate(steps=Count("pathway__steps", distinct=True),
                            done=Count("progress", filter=Q(progress__status=StepProgress.Status.DONE),
                                       distinct=True)))
    for enrolment in enrolments:
        localise(enrolment.pathway, language)
    registrations = (SessionRegistration.objects.filter(
        member=member, session__starts_at__gte=timezone.now(),
        status__in=[SessionRegistration.Status.REGISTERED, SessionRegistration.Status.WAITLISTED])
        .select_related("session__step__pathway").order_by("session__starts_at"))
    return {"enrolments": list(enrolments), "registrations": list(registrations)}


def review_queue(user) -> QuerySet:
    """The submissions waiting for `user`'s review, oldest first."""
    return (Submission.objects.filter(access.reviewable_by(user), status=Submission.Status.SUBMITTED)
            .select_related("enrolment__member", "step__pathway").order_by("submitted_at", "id").distinct())


def facilitated_sessions(user) -> QuerySet:
    """The sessions `user` runs (every session, for officers), latest first."""
    sessions = LiveSession.objects.select_related("step__pathway").order_by("-starts_at")
    return sessions if access.is_officer(user) else sessions.filter(facilitator=user)


def team_progress(user) -> QuerySet:
    """The enrolments of the members of the coordination groups `user` leads."""
    return (Enrolment.objects.filter(member__in=access.team_of(user)).select_related("member", "pathway")
            .annotate(steps=Count("pathway__steps", distinct=True),
                      done=Count("progress", filter=Q(progress__status=StepProgress.Status.DONE), distinct=True))
            .order_by("member__full_name", "pathway__order"))


# The published catalogue as recommending shows it, read once per process until a pathway, step or session changes.
CATALOGUE = ConfigCache(["learning.Pathway", "learning.Step", "learning.LiveSession"], ttl=600)


def recommendable() -> list:
    """Choices for recommending learning: per published pathway, the pathway, its steps and its sessions to
    come ("kind:id" values), in the catalogue's language (English)."""
    now = timezone.now()
    return [(title, [(value, label) for value, label, starts_at in options if starts_at is None or starts_at >= now])
            for title, options in CATALOGUE.get("recommendable", _recommendable_catalogue)]


def _recommendable_catalogue() -> list:
    # Every session not cancelled, each with its start: which are still to come is decided when they are shown.
    sessions = (LiveSession.objects.filter(cancelled_at__isnull=True, starts_at__gte=timezone.now(),
                                           step__pathway__is_published=True).order_by("starts_at"))
    by_step = {}
    for session in sessions:
        by_step.setdefault(session.step_id, []).append(session)
    choices = []
    for pathway in Pathway.objects.filter(is_published=True).prefetch_related("steps"):
        options = [(f"pathway:{pathway.pk}", pathway.title, None)]
        for step in pathway.steps.all():
            options.append((f"step:{step.pk}", f"— {step.title}", None))
            options += [(f"session:{session.pk}", f"—— {session.local_start:%Y-%m-%d %H:%M} ({session.time_zone})",
                         session.starts_at) for session in by_step.get(step.pk, [])]
        choices.append((pathway.title, options))
    return choices


def steps_citing(resource, language: str) -> list[Step]:
    """The module steps of published pathways whose pages cite `resource`, localised with their pathway."""
    steps = (Step.objects.filter(pages__resources=resource, pathway__is_published=True).distinct()
             .select_related("pathway").prefetch_related("translations", "pathway__translations")
             .order_by("pathway__order", "order"))
    for step in steps:
        localise(step, language)
        localise(step.pathway, language)
    return list(steps)
