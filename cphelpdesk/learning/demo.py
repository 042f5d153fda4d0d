"""Demo learning: the five pathways of data/pathways.toml (in French, Spanish and Arabic where written), live
sessions across time zones, coordination teams, and a year of enrolments and progress.

Deterministic (its own random source, from the demo seed) and written row by row only for the catalogue; the
learners' records are bulk-created, and no mail is queued (nothing goes through the actions)."""

import random
import tomllib
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cphelpdesk.directory.models import Approval, CoordinationGroup, GroupMembership, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.learning.models import (
    Certificate,
    Choice,
    Enrolment,
    LearningReferral,
    LiveSession,
    ModulePage,
    ModulePageTranslation,
    Pathway,
    PathwayTranslation,
    Question,
    Quiz,
    QuizAttempt,
    SessionRegistration,
    Step,
    StepProgress,
    StepTranslation,
    Submission,
)
from cphelpdesk.learning.models.progress import CODE_ALPHABET, CODE_LENGTH
from cphelpdesk.library.models import Resource
from cphelpdesk.queries.models import Query

DATA = Path(__file__).parent / "data" / "pathways.toml"
# Where the demo's sessions happen: time zone, language, city.
VENUES = [("Africa/Dakar", "fr", "Dakar"), ("Asia/Amman", "ar", "Amman"), ("America/Bogota", "es", "Bogotá"),
          ("Africa/Nairobi", "en", "Nairobi"), ("Asia/Dhaka", "en", "Cox's Bazar"), ("Europe/Zurich", "fr", "Genève")]
IN_PERSON_WORDS = ("workshop", "meeting")
DEMO_FILE = "learning/submissions/demo/certificate.pdf"


def seed(context) -> None:
    """The catalogue, sessions, teams, enrolments and progress, and learning referrals on a few queries."""
    rng = random.Random(f"learning-{context.seed}")
    now = datetime.combine(context.today, time(9), tzinfo=UTC)
    staff = context.shared.get("demo_staff", {})
    facilitator = staff.get(Role.EXPERT)
    pathways = _catalogue(facilitator)
    sessions = _sessions(rng, now, pathways, facilitator)
    learners = list(Member.objects.filter(approval=Approval.APPROVED, groups__name=Role.MEMBER)
                    .exclude(email__startswith="officer").order_by("pk"))
    demo_member = staff.get(Role.MEMBER)
    _teams(rng, learners, demo_member)
    counts = _enrolments(rng, now, pathways, sessions, learners, demo_member, staff.get(Role.OFFICER))
    referrals = _referrals(now, pathways, sessions, staff.get(Role.OFFICER))
    context.report(f"  learning: {len(pathways)} pathways, {len(sessions)} sessions, {counts['enrolments']} "
                   f"enrolments ({counts['completed']} completed), {referrals} learning referrals")


def _catalogue(facilitator) -> list[Pathway]:
    with DATA.open("rb") as data:
        rows = tomllib.load(data)["pathway"]
    pathways = []
    for row in rows:
        pathway = Pathway.objects.create(slug=row["slug"], title=row["title"], summary=row["summary"],
                                         audience=row["audience"], order=row["order"], is_published=True)
        PathwayTranslation.objects.bulk_create([PathwayTranslation(pathway=pathway, language=language, **text)
                                                for language, text in row.get("translations", {}).items()])
        if facilitator is not None:
            pathway.facilitators.add(facilitator)
        by_key = {}
        for order, step_row in enumerate(row["step"], start=1):
            step = Step.objects.create(pathway=pathway, order=order, kind=step_row["kind"],
                                       title=step_row["title"], summary=step_row["summary"],
                                       external_url=step_row.get("external_url", ""))
            step.prerequisites.set([by_key[key] for key in step_row.get("prerequisites", [])])
            by_key[step_row["key"]] = step
            StepTranslation.objects.bulk_create([StepTranslation(step=step, language=language, **text)
                                                 for language, text in step_row.get("translations", {}).items()])
            for page_order, page_row in enumerate(step_row.get("page", []), start=1):
                _page(step, page_order, page_row)
            if "quiz" in step_row:
                _quiz(step, step_row["quiz"])
        pathway.demo_steps = list(by_key.values())
        pathways.append(pathway)
    return pathways


def _page(step: Step, order: int, row: dict) -> None:
    page = ModulePage.objects.create(step=step, order=order, title=row["title"], body=row["body"])
    for language, text in row.get("translations", {}).items():
        ModulePageTranslation.objects.create(page=page, language=language, **text)
    # Cite a published repository resource or banked answer on the page's subject, where the repository has one.
    cited = []
    for words in row.get("cites", []):
        found = (Resource.objects.filter(status=Resource.Status.PUBLISHED, title__icontains=words)
                 .exclude(pk__in=cited).order_by("pk").values_list("pk", flat=True).first())
        if found:
            cited.append(found)
    page.resources.set(cited)


def _quiz(step: Step, row: dict) -> None:
    quiz = Quiz.objects.create(step=step, pass_mark=row["pass_mark"], max_attempts=row["max_attempts"])
    for order, question_row in enumerate(row["question"], start=1):
        question = Question.objects.create(quiz=quiz, order=order, text=question_row["text"],
                                           kind=question_row["kind"],
                                           translations=question_row.get("translations", {}))
        Choice.objects.bulk_create([Choice(question=question, order=number, text=text, is_correct=correct,
                                           translations=translations)
                                    for number, (text, correct, translations) in enumerate(question_row["choices"])])


def _sessions(rng, now, pathways, facilitator) -> list[LiveSession]:
    """For each live-session step: one held some weeks ago and two to come, each in a venue's time zone at
    10:00 or 14:00 local time."""
    sessions = []
    venue = 0
    for pathway in pathways:
        for step in pathway.demo_steps:
            if step.kind != Step.Kind.LIVE_SESSION:
                continue
            in_person = any(word in step.title.lower() for word in IN_PERSON_WORDS)
            for days in (-rng.randint(20, 60), rng.randint(3, 20), rng.randint(25, 60)):
                zone, language, city = VENUES[venue % len(VENUES)]
                venue += 1
                local = datetime.combine((now + timedelta(days=days)).date(), time(rng.choice((10, 14))),
                                         tzinfo=ZoneInfo(zone))
                sessions.append(LiveSession(
                    step=step, starts_at=local.astimezone(UTC), time_zone=zone, language=language,
                    format=LiveSession.Format.IN_PERSON if in_person else LiveSession.Format.WEBINAR,
                    place=city if in_person else "",
                    link="" if in_person else f"https://meet.example.org/cp-learning-{step.pk}-{venue}",
                    capacity=rng.choice((4, 25, 30, 40)), duration_minutes=90 if not in_person else 360,
                    facilitator=facilitator))
    return LiveSession.objects.bulk_create(sessions)


def _teams(rng, learners, demo_member) -> None:
    """Coordination teams: in each national group, a coordinator and some of the country's members (the demo
    member coordinates Mali's)."""
    memberships = []
    by_country = {}
    for member in learners:
        by_country.setdefault(member.country_id, []).append(member)
    for group in CoordinationGroup.objects.filter(level="national", is_active=True).order_by("pk"):
        people = [member for member in by_country.get(group.country_id, []) if member != demo_member]
        if demo_member is not None and group.country_id == demo_member.country_id:
            people = [demo_member, *people]
        elif len(people) < 3:
            continue
        memberships.append(GroupMembership(group=group, member=people[0], role=GroupMembership.Role.COORDINATOR))
        for member in people[1:rng.randint(4, 8)]:
            role = rng.choice([GroupMembership.Role.MEMBER] * 3 + [GroupMembership.Role.INFORMATION_MANAGER])
            memberships.append(GroupMembership(group=group, member=member, role=role))
    GroupMembership.objects.bulk_create(memberships)


def _enrolments(rng, now, pathways, sessions, learners, demo_member, officer) -> dict:
    """About a third of the members follow one or two pathways, at every stage; the demo member has one under
    way and one completed."""
    default_storage.save(DEMO_FILE, ContentFile(b"%PDF-1.4\n% demo course certificate\n%%EOF\n"))
    by_step = {}
    for session in sessions:
        by_step.setdefault(session.step_id, []).append(session)
    plans = []
    for member in learners:
        if member == demo_member or rng.random() > 0.33:
            continue
        for pathway in rng.sample(pathways, rng.choice((1, 1, 2))):
            plans.append((member, pathway, rng.randint(0, len(pathway.demo_steps)), rng.randint(10, 330)))
    if demo_member is not None:
        plans += [(demo_member, pathways[0], 1, 20), (demo_member, pathways[2], len(pathways[2].demo_steps), 200)]
    enrolments = Enrolment.objects.bulk_create([
        Enrolment(member=member, pathway=pathway, enrolled_by=member, enrolled_at=now - timedelta(days=age))
        for member, pathway, _done, age in plans])
    rows = {"progress": [], "attempts": [], "registrations": [], "submissions": [], "certificates": []}
    completed = 0
    for enrolment, (member, pathway, done, age) in zip(enrolments, plans, strict=True):
        started = enrolment.enrolled_at
        finished_at = None
        for index, step in enumerate(pathway.demo_steps):
            when = min(started + timedelta(days=(index + 1) * max(age // (len(pathway.demo_steps) + 1), 1)), now)
            if index < done:
                rows["progress"].append(StepProgress(enrolment=enrolment, step=step, status="done", started_at=started,
                                                     completed_at=when, score=_done_step(rng, rows, enrolment,
                                                                                         step, when, by_step, officer)))
                finished_at = when
            elif index == done and member != demo_member:
                rows["progress"].append(StepProgress(enrolment=enrolment, step=step, status="in_progress",
                                                     started_at=when))
                _open_step(rng, rows, enrolment, step, when, by_step)
            else:
                rows["progress"].append(StepProgress(enrolment=enrolment, step=step))
        if done == len(pathway.demo_steps):
            completed += 1
            enrolment.status, enrolment.completed_at = Enrolment.Status.COMPLETED, finished_at
            rows["certificates"].append(Certificate(
                enrolment=enrolment, issued_at=finished_at, language=member.preferred_language,
                code="".join(rng.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))))
        elif done == 0 and rng.random() < 0.25 and member != demo_member:
            enrolment.status, enrolment.withdrawn_at = Enrolment.Status.WITHDRAWN, started + timedelta(days=7)
    Enrolment.objects.bulk_update(enrolments, ["status", "completed_at", "withdrawn_at"], batch_size=500)
    StepProgress.objects.bulk_create(rows["progress"], batch_size=1000)
    QuizAttempt.objects.bulk_create(rows["attempts"], batch_size=1000)
    # One registration per member and session (a member may have attended and registered again elsewhere).
    unique = {(row.session_id, row.member_id): row for row in rows["registrations"]}
    SessionRegistration.objects.bulk_create(_within_capacity(unique.values(), sessions), batch_size=1000)
    Submission.objects.bulk_create(rows["submissions"], batch_size=1000)
    Certificate.objects.bulk_create(rows["certificates"], batch_size=1000)
    return {"enrolments": len(enrolments), "completed": completed}


def _done_step(rng, rows, enrolment, step, when, by_step, officer) -> int | None:
    """The records a done step leaves: quiz attempts, attendance at a past session, an accepted submission.
    Returns the best quiz score, if any."""
    if step.kind == Step.Kind.MODULE and hasattr(step, "quiz"):
        pass_mark = step.quiz.pass_mark
        if rng.random() < 0.3:  # failed once first
            rows["attempts"].append(QuizAttempt(enrolment=enrolment, step=step, score=max(pass_mark - 30, 0),
                                                passed=False, attempted_at=when - timedelta(hours=1)))
        score = rng.choice([score for score in (50, 67, 75, 100) if score >= pass_mark] or [100])
        rows["attempts"].append(QuizAttempt(enrolment=enrolment, step=step, score=score, passed=True,
                                            attempted_at=when))
        return score
    if step.kind == Step.Kind.LIVE_SESSION and step.pk in by_step:
        past = by_step[step.pk][0]
        rows["registrations"].append(SessionRegistration(
            session=past, member_id=enrolment.member_id, status=SessionRegistration.Status.ATTENDED,
            queued_at=past.starts_at - timedelta(days=rng.randint(2, 15)), marked_by=past.facilitator,
            marked_at=past.starts_at + timedelta(hours=2)))
    if step.needs_review:
        rows["submissions"].append(Submission(
            enrolment=enrolment, step=step, file=DEMO_FILE, name="certificate.pdf", content_type="application/pdf",
            size=42, sha256="0" * 64, status=Submission.Status.ACCEPTED, submitted_at=when - timedelta(days=2),
            reviewer=officer, reviewed_at=when))
    return None


def _open_step(rng, rows, enrolment, step, when, by_step) -> None:
    """A step under way: a place at a session to come, or a submission waiting for review."""
    if step.kind == Step.Kind.LIVE_SESSION and step.pk in by_step:
        upcoming = by_step[step.pk][1 + rng.randint(0, 1)]
        rows["registrations"].append(SessionRegistration(
            session=upcoming, member_id=enrolment.member_id, queued_at=when + timedelta(minutes=rng.randint(0, 9999))))
    elif step.needs_review and rng.random() < 0.6:
        rows["submissions"].append(Submission(
            enrolment=enrolment, step=step, file=DEMO_FILE, name="workplan.pdf", content_type="application/pdf",
            size=42, sha256="0" * 64, submitted_at=when))


def _within_capacity(registrations, sessions) -> list[SessionRegistration]:
    """Places in the order asked; past capacity, the waitlist. A past session had room for all who came."""
    capacity = {session.pk: session.capacity for session in sessions}
    taken = {}
    result = sorted(registrations, key=lambda row: (row.session_id, row.queued_at))
    for row in result:
        taken[row.session_id] = taken.get(row.session_id, 0) + 1
        if row.status == SessionRegistration.Status.ATTENDED:
            capacity[row.session_id] = max(capacity[row.session_id], taken[row.session_id])
        elif taken[row.session_id] > capacity[row.session_id]:
            row.status = SessionRegistration.Status.WAITLISTED
    for session in sessions:
        session.capacity = capacity[session.pk]
    LiveSession.objects.bulk_update(sessions, ["capacity"])
    return result


def _referrals(now, pathways, sessions, officer) -> int:
    """Capacity-building queries answered by recommending learning."""
    queries = list(Query.objects.filter(topics__code__startswith="CAPB").distinct().order_by("pk")[:24])
    rows = []
    for number, query in enumerate(queries):
        pathway = pathways[number % len(pathways)]
        step = pathway.demo_steps[0] if number % 3 == 1 else None
        session = next((item for item in sessions if item.step.pathway_id == pathway.pk
                        and item.starts_at > now), None) if number % 3 == 2 else None
        rows.append(LearningReferral(query=query, pathway=pathway, step=session.step if session else step,
                                     session=session, recommended_by=officer,
                                     created_at=min(query.received_at + timedelta(hours=20), now)))
    LearningReferral.objects.bulk_create(rows)
    return len(rows)
