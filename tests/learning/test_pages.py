"""The learning pages for every role, and what a member does on them without JavaScript."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cphelpdesk.directory.roles import Role
from cphelpdesk.learning.actions import enrolment, reviews
from cphelpdesk.learning.models import Enrolment, LiveSession, SessionRegistration, Step, StepProgress
from tests.factories import MemberFactory, ResourceFactory, staff_with_mfa
from tests.learning.factories import (
    LiveSessionFactory,
    ModulePageFactory,
    PathwayFactory,
    StepFactory,
    make_quiz,
    right_answers,
    team,
)

pytestmark = pytest.mark.django_db
ROLES = ["visitor", "pending", "member", "enrolled", "facilitator", "coordinator", "officer", "manager",
         "administrator"]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pathway = PathwayFactory(slug="new-coordinator", title="New CP coordinator")
    pathway.translations.create(language="fr", title="Nouveau coordinateur PE")
    module = StepFactory(pathway=pathway, title="What coordination is for", order=1)
    page = ModulePageFactory(step=module, title="The core functions",
                             body="<p>Six core functions.</p><script>alert(1)</script>")
    page.resources.add(ResourceFactory(title="Coordination handbook"),
                       ResourceFactory(title="A draft note", status="draft"))
    make_quiz(module)
    live = StepFactory(pathway=pathway, kind=Step.Kind.LIVE_SESSION, title="Webinar", order=2)
    live.prerequisites.add(module)
    assignment = StepFactory(pathway=pathway, kind=Step.Kind.ASSIGNMENT, title="Draft workplan", order=3)
    people = {"visitor": None, "pending": MemberFactory(approval="pending"), "member": MemberFactory(),
              "enrolled": MemberFactory(), "facilitator": MemberFactory(), "coordinator": MemberFactory(),
              **{role: staff_with_mfa(role) for role in (Role.OFFICER, Role.MANAGER, Role.ADMINISTRATOR)}}
    session = LiveSessionFactory(step=live, facilitator=people["facilitator"], capacity=1)
    pathway.facilitators.add(people["facilitator"])
    team(people["coordinator"], [people["enrolled"]])
    enrolled = enrolment.enrol(actor=people["enrolled"], member=people["enrolled"], pathway=pathway)
    for step in (module, live):
        enrolled.progress.filter(step=step).update(status=StepProgress.Status.DONE)
    submission = reviews.submit(actor=people["enrolled"], enrolment=enrolled, step=assignment,
                                upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    return {"pathway": pathway, "module": module, "session": session, "submission": submission,
            "people": people, "enrolment": enrolled}


def as_(client, world, role):
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    return client


# What each role gets: 200 (the page), "login", 403, 404 or "back" (sent to the pathway page to enrol).
EXPECTED = {
    "catalogue": {"visitor": "login", "pending": 403},
    "pathway": {"visitor": "login", "pending": 403},
    "step": {"visitor": "login", "pending": 403, "member": "back", "coordinator": "back", "administrator": "back"},
    "attendance": {"visitor": "login", "pending": 403, "member": 403, "enrolled": 403, "coordinator": 403,
                   "administrator": 403},
    "facilitate": {"visitor": "login", "pending": 403, "member": 403, "enrolled": 403, "coordinator": 403,
                   "administrator": 403},
    "review": {"visitor": "login", "pending": 403, "member": 404, "enrolled": 404, "coordinator": 404,
               "administrator": 404},
    "file": {"visitor": "login", "pending": 403, "member": 404, "coordinator": 404, "administrator": 404},
    "team": {"visitor": "login", "pending": 403, "member": 403, "enrolled": 403, "facilitator": 403,
             "officer": 403, "manager": 403, "administrator": 403},
    "mine": {"visitor": "login", "pending": 403},
}


def urls(world):
    pathway, session, submission = world["pathway"], world["session"], world["submission"]
    return {"catalogue": "/learning/", "pathway": "/learning/new-coordinator/",
            "step": world["module"].get_absolute_url(), "attendance": f"/learning/sessions/{session.pk}/attendance/",
            "facilitate": "/learning/facilitate/", "review": f"/learning/submissions/{submission.pk}/",
            "file": f"/learning/submissions/{submission.pk}/file/", "team": "/learning/team/",
            "mine": "/learning/mine/", "_pathway": pathway.get_absolute_url()}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_it_should(client, world, role):
    as_(client, world, role)
    addresses = urls(world)
    for page, expected_by_role in EXPECTED.items():
        expected = expected_by_role.get(role, 200)
        response = client.get(addresses[page])
        if expected == "login":
            assert response.status_code == 302 and "/login/" in response["Location"], (page, role)
        elif expected == "back":
            assert response.status_code == 302 and response["Location"] == addresses["_pathway"], (page, role)
        else:
            assert response.status_code == expected, (page, role)


def test_the_menu_offers_learning_to_approved_members_only(client, world):
    assert b"/learning/" not in as_(client, world, "pending").get("/").content
    client.logout()
    assert b'href="/learning/"' in as_(client, world, "member").get("/").content


def test_a_member_sees_the_pathway_in_their_language(client, world):
    world["people"]["member"].preferred_language = "fr"
    world["people"]["member"].save()
    page = as_(client, world, "member").get("/learning/").content.decode()
    assert "Nouveau coordinateur PE" in page and "New CP coordinator" not in page


def test_a_member_enrols_reads_the_module_takes_the_quiz_and_registers_for_the_session(client, world):
    member = world["people"]["member"]
    as_(client, world, "member")
    client.post("/learning/new-coordinator/enrol/")
    enrolled = Enrolment.objects.get(member=member)
    module = world["module"]
    page = client.get(f"{module.get_absolute_url()}pages/1/").content.decode()
    assert "Six core functions." in page and "<script>" not in page and 'class="module-page"' in page
    assert "Coordination handbook" in page and "A draft note" not in page
    assert enrolled.progress.get(step=module).status == StepProgress.Status.IN_PROGRESS
    # The session waits for the module.
    session = world["session"]
    client.post(f"/learning/sessions/{session.pk}/register/")
    assert not session.registrations.filter(member=member).exists()
    quiz = module.quiz
    form = client.get(f"{module.get_absolute_url()}quiz/").content.decode()
    assert 'type="radio"' in form and 'type="checkbox"' in form
    answers = {f"q{question}": sorted(choices) for question, choices in right_answers(quiz).items()}
    result = client.post(f"{module.get_absolute_url()}quiz/", answers, follow=True).content.decode()
    assert "100%" in result and "passed" in result
    assert enrolled.progress.get(step=module).status == StepProgress.Status.DONE
    # The only place is taken by the enrolled member; this member joins the waitlist.
    SessionRegistration.objects.create(session=session, member=world["people"]["enrolled"],
                                       queued_at=session.starts_at)
    client.post(f"/learning/sessions/{session.pk}/register/")
    page = client.get(f"/learning/sessions/{session.pk}/").content.decode()
    assert "number 1 on the waitlist" in page


def test_the_facilitator_marks_attendance_and_returns_a_submission_with_comments(client, world):
    session, enrolled = world["session"], world["people"]["enrolled"]
    registration = SessionRegistration.objects.create(session=session, member=enrolled, queued_at=session.starts_at)
    LiveSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(minutes=5))  # it began
    as_(client, world, "facilitator")
    assert enrolled.full_name in client.get(f"/learning/sessions/{session.pk}/attendance/").content.decode()
    client.post(f"/learning/sessions/{session.pk}/attendance/", {"registration": registration.pk, "attended": "yes"})
    registration.refresh_from_db()
    assert registration.status == SessionRegistration.Status.ATTENDED
    submission = world["submission"]
    assert "Draft workplan" in client.get("/learning/facilitate/").content.decode()
    client.post(f"/learning/submissions/{submission.pk}/", {"decision": "return", "comments": "Add a budget."})
    submission.refresh_from_db()
    assert submission.status == "returned" and submission.comments == "Add a budget."
    client.logout()
    step_page = as_(client, world, "enrolled").get(submission.step.get_absolute_url()).content.decode()
    assert "Add a budget." in step_page and 'enctype="multipart/form-data"' in step_page


def test_a_coordinator_enrols_their_team_member_but_not_a_stranger_and_sees_only_their_team(client, world):
    colleague, stranger = MemberFactory(full_name="Awa Team"), MemberFactory(full_name="Zed Stranger")
    world["people"]["coordinator"].group_memberships.get().group.memberships.create(member=colleague)
    as_(client, world, "coordinator")
    client.post("/learning/new-coordinator/enrol-member/", {"email": colleague.email})
    client.post("/learning/new-coordinator/enrol-member/", {"email": stranger.email})
    enrolment.enrol(actor=stranger, member=stranger, pathway=world["pathway"])
    assert Enrolment.objects.filter(member=colleague).exists()
    assert Enrolment.objects.get(member=stranger).enrolled_by == stranger
    page = client.get("/learning/team/").content.decode()
    assert "Awa Team" in page and world["people"]["enrolled"].full_name in page and "Zed Stranger" not in page


def test_a_cited_resource_shows_the_pathways_that_use_it(client, world):
    resource = world["module"].pages.get().resources.get(title="Coordination handbook")
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "Used in these learning pathways" in page and "New CP coordinator" in page
    assert "What coordination is for" in page


def test_a_session_shows_its_time_in_its_own_time_zone_and_one_file_waits_at_a_time(client, world):
    session = world["session"]
    session.time_zone, session.starts_at = "America/Bogota", datetime(2030, 3, 12, 14, 0, tzinfo=UTC)
    session.save()
    as_(client, world, "enrolled")
    page = client.get(f"/learning/sessions/{session.pk}/").content.decode()
    assert "March 12, 2030, 9 a.m.</time> (America/Bogota)" in page
    step_page = client.get(world["submission"].step.get_absolute_url()).content.decode()
    assert "Waiting for review" in step_page and 'enctype="multipart/form-data"' not in step_page


def test_a_quiz_sent_without_any_answer_counts_as_an_attempt(client, world):
    as_(client, world, "member")
    client.post("/learning/new-coordinator/enrol/")
    result = client.post(f"{world['module'].get_absolute_url()}quiz/", {}, follow=True).content.decode()
    assert "You scored 0%" in result and "1 attempt left" in result
