"""A draft banked from a query is that query's content until it is published (issue #11, point 3): only
those who may see the query see the draft (page, files, staff search, lists), never the administrator."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, Desk, FocalPoint
from cphelpdesk.directory.roles import Role
from cphelpdesk.library import actions
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.queries.models import Query
from tests.factories import make_query, staff_with_mfa

pytestmark = pytest.mark.django_db
SECRET = "Kadiatou Traoré"


@pytest.fixture
def cast():
    people = {"desk_officer": staff_with_mfa(Role.OFFICER), "reviewer": staff_with_mfa(Role.OFFICER),
              "other_desk_officer": staff_with_mfa(Role.OFFICER), "manager": staff_with_mfa(Role.MANAGER),
              "expert": staff_with_mfa(Role.EXPERT), "assigned_expert": staff_with_mfa(Role.EXPERT),
              "focal_point": staff_with_mfa(Role.FOCAL_POINT), "administrator": staff_with_mfa(Role.ADMINISTRATOR)}
    Desk.objects.get(code="fr").officers.add(people["desk_officer"], people["reviewer"])
    Desk.objects.get(code="en").officers.add(people["other_desk_officer"])
    FocalPoint.objects.create(member=people["focal_point"], region=Country.objects.get(iso2="ML").region)
    return people


def banked_draft(cast, sensitivity):
    """An answered query from Mali (French desk), banked with its reply's file by an officer of the desk."""
    query = make_query(country=Country.objects.get(iso2="ML"), language="fr", subject="Prise en charge",
                       question=f"Comment protéger {SECRET}, 11 ans, réfugiée à Mopti ?")
    Query.objects.filter(pk=query.pk).update(sensitivity=sensitivity)
    query.refresh_from_db()
    query_actions.assign(actor=cast["manager"], query=query, member=cast["assigned_expert"], role="expert")
    pdf = SimpleUploadedFile("Plan Kadiatou.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    query_actions.reply(actor=cast["desk_officer"], query=query, body="Voici le plan de prise en charge.",
                        attachments=[pdf])
    query_actions.mark_answered(actor=cast["desk_officer"], query=query, outcome="full")
    query.refresh_from_db()
    reply = query.messages.get(kind="reply")
    resource = actions.bank_answer(actor=cast["desk_officer"], query=query, answers=[reply],
                                   attachments=reply.attachments.all())
    return resource


def review_and_publish(cast, resource) -> None:
    """The desk officer redacts what the review found and submits; a second officer publishes."""
    for flag in resource.redaction_flags.filter(state="open"):
        actions.redact(actor=cast["desk_officer"], flag=flag)
    actions.submit_for_review(actor=cast["desk_officer"], resource=resource)
    actions.publish(actor=cast["reviewer"], resource=resource)


def what_they_see(client, person, resource) -> dict[str, bool]:
    client.force_login(person)
    file = resource.files.get()
    work_list = client.get("/staff/resources/")
    search = client.get("/staff/search/", {"q": "Kadiatou Mopti"})
    return {
        "page": client.get(resource.get_absolute_url()).status_code == 200,
        "review": client.get(f"/staff/resources/{resource.pk}/").status_code == 200,
        "file": client.get(f"/resources/{resource.pk}/files/{file.pk}/").status_code == 200,
        "list": work_list.status_code == 200 and f"/staff/resources/{resource.pk}/" in work_list.content.decode(),
        "search": search.status_code == 200 and f'href="{resource.get_absolute_url()}"' in search.content.decode(),
    }


STRICT = {"desk_officer": True, "manager": True, "assigned_expert": True, "other_desk_officer": False,
          "expert": False, "focal_point": False, "administrator": False}
CONFIDENTIAL = {**STRICT, "other_desk_officer": True, "focal_point": True}


@pytest.mark.parametrize(("sensitivity", "expected"), [(Sensitivity.STRICTLY_CONFIDENTIAL, STRICT),
                                                       (Sensitivity.CONFIDENTIAL, CONFIDENTIAL)])
def test_a_banked_draft_is_seen_by_exactly_those_who_see_its_query(client, cast, settings, tmp_path,
                                                                   sensitivity, expected):
    settings.MEDIA_ROOT = tmp_path
    resource = banked_draft(cast, sensitivity)
    for name, sees in expected.items():
        seen = what_they_see(client, cast[name], resource)
        assert seen == dict.fromkeys(seen, sees), name


def test_whoever_may_not_see_the_draft_cannot_work_on_it(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resource = banked_draft(cast, Sensitivity.STRICTLY_CONFIDENTIAL)
    flag = resource.redaction_flags.filter(state="open").first()
    client.force_login(cast["other_desk_officer"])
    assert client.get(f"/staff/resources/{resource.pk}/edit/").status_code == 404
    assert client.post(f"/staff/resources/{resource.pk}/do/submit/").status_code == 404
    assert client.post(f"/staff/resources/flags/{flag.pk}/dismiss/").status_code == 404
    resource.refresh_from_db()
    flag.refresh_from_db()
    assert resource.status == "draft" and flag.state == "open"


def test_once_reviewed_and_approved_the_resource_is_for_its_audience(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resource = banked_draft(cast, Sensitivity.STRICTLY_CONFIDENTIAL)
    review_and_publish(cast, resource)
    client.force_login(cast["other_desk_officer"])
    assert client.get(resource.get_absolute_url()).status_code == 200


def translated_and_seen(client, cast, original, expected: dict[str, bool]):
    """An unpublished translation of `original`, checked to be seen by exactly the people `expected` says."""
    translation = actions.create_resource(actor=cast["desk_officer"], title="Interim care", language="en",
                                          body=f"How to protect {SECRET}, 11.", translation_of=original)
    for name, sees in expected.items():
        client.force_login(cast[name])
        assert (client.get(translation.get_absolute_url()).status_code == 200) == sees, name
    return translation


def test_a_translation_of_a_banked_draft_follows_the_query_too(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = banked_draft(cast, Sensitivity.STRICTLY_CONFIDENTIAL)
    translation = translated_and_seen(client, cast, original, STRICT)
    # Once the original is reviewed and published, its translation is an ordinary draft.
    review_and_publish(cast, original)
    client.force_login(cast["other_desk_officer"])
    assert client.get(translation.get_absolute_url()).status_code == 200


def thread_draft(cast):
    """A draft as banked from a community thread (`communities.helpdesk.bank_thread`): curators only."""
    pdf = SimpleUploadedFile("Thread.pdf", b"%PDF-1.4 thread", content_type="application/pdf")
    return actions.create_resource(actor=cast["desk_officer"], title="Terms of reference", type="qa",
                                   body=f"Question: how to help {SECRET} in Mopti?", files=[pdf],
                                   curators_only=True)


CURATORS = {"desk_officer": True, "reviewer": True, "other_desk_officer": True, "manager": True,
            "expert": False, "assigned_expert": False, "focal_point": False, "administrator": False}


def test_a_draft_banked_from_a_community_thread_is_for_curators_until_published(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resource = thread_draft(cast)
    for name, sees in CURATORS.items():
        seen = what_they_see(client, cast[name], resource)
        assert seen == dict.fromkeys(seen, sees), name
    translation = translated_and_seen(client, cast, resource, CURATORS)
    review_and_publish(cast, resource)
    client.force_login(cast["expert"])
    assert client.get(resource.get_absolute_url()).status_code == 200
    assert client.get(translation.get_absolute_url()).status_code == 200  # an ordinary draft now
