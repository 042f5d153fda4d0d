"""Files, the repository and the member's ratings through the API (issue #12): uploads checked as on the website,
resources seen exactly as on the repository page, and a rating given once then changed."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from cphelpdesk.directory.roles import Role
from cphelpdesk.library import actions as library_actions
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Attachment, Message, Query
from cphelpdesk.surveys.models import Rating
from tests.api.test_query_work import assert_problem, bearer, send
from tests.factories import MemberFactory, ResourceFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
SCORES = {"appropriateness": 9, "timeliness": 7, "quality": 8, "comment": "Clear and on time."}


# --- attachments ---------------------------------------------------------------------------------------------

def test_a_requester_submits_a_query_with_a_file_that_downloads_as_sent(client):
    requester = MemberFactory()
    auth = bearer(requester)
    response = client.post("/api/queries/with-attachments", {
        "subject": "Case management forms", "question": "Are these forms suitable?", "topics": ["IM.4W"],
        "no_child_details_confirmed": "true",
        "files": [SimpleUploadedFile("forms.pdf", PDF, content_type="application/pdf")]}, **auth)
    assert response.status_code == 201, response.content
    detail = response.json()
    [attachment] = detail["messages"][0]["attachments"]
    assert attachment["name"] == "forms.pdf" and attachment["content_type"] == "application/pdf"
    assert detail["topics"] == ["IM.4W"]
    download = client.get(attachment["url"], **auth)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize("name, content, words", [
    ("forms.pdf", b"MZ\x90\x00 not a pdf", "does not look like a real PDF"),
    ("setup.exe", b"MZ\x90\x00", "this type of file is not accepted"),
    ("empty.txt", b"", "is empty"),
])
def test_a_refused_file_refuses_the_message_with_a_problem(client, name, content, words):
    query = make_query()
    response = client.post(f"/api/queries/{query.reference}/attachments",
                           {"body": "Here are the forms.", "files": [SimpleUploadedFile(name, content)]},
                           **bearer(query.requester))
    problem = assert_problem(response, 400, "bad-request")
    assert words in problem["detail"]
    assert not Message.objects.filter(body="Here are the forms.").exists() and not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.HELPDESK_MAX_ATTACHMENTS, settings.HELPDESK_MAX_ATTACHMENT_BYTES = 1, 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    query = make_query()
    response = client.post(f"/api/queries/{query.reference}/attachments",
                           {"body": "Big", "files": [SimpleUploadedFile("big.txt", b"x" * 5000)]},
                           **bearer(query.requester))
    assert_problem(response, 413, "too-large")
    assert not Message.objects.filter(body="Big").exists()


def test_an_officer_replies_with_a_file_the_requester_downloads(client):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    response = client.post(f"/api/queries/{query.reference}/attachments",
                           {"body": "The template.", "files": [SimpleUploadedFile("template.csv", b"a,b\n1,2\n")]},
                           **bearer(officer))
    assert response.status_code == 201, response.content
    [attachment] = response.json()["attachments"]
    assert response.json()["kind"] == "reply" and attachment["content_type"] == "text/csv"
    download = client.get(attachment["url"], **bearer(query.requester))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"a,b\n1,2\n"


# --- the repository ------------------------------------------------------------------------------------------

def test_search_finds_a_resource_and_filters_narrow_it(client):
    foster = ResourceFactory(title="Foster care in emergencies", language="fr")
    ResourceFactory(title="Coordination handbook")
    auth = bearer(MemberFactory())
    found = client.get("/api/resources", {"q": "foster"}, **auth).json()
    assert [item["id"] for item in found["results"]] == [foster.pk]
    assert found["results"][0]["url"] == f"/api/resources/{foster.pk}"
    english = client.get("/api/resources", {"language": "en"}, **auth).json()
    assert foster.pk not in [item["id"] for item in english["results"]] and english["total"] == 1


def test_a_restricted_resource_is_invisible_to_a_member_and_seen_by_staff(client):
    restricted = ResourceFactory(title="Staff guidance on referrals", visibility="staff")
    library_actions.add_file(actor=staff_with_mfa(Role.OFFICER), resource=restricted,
                             upload=ContentFile(b"Internal steps.", name="steps.txt"))
    member, officer = bearer(MemberFactory()), bearer(staff_with_mfa(Role.OFFICER))
    assert client.get("/api/resources", {"q": "referrals"}, **member).json()["results"] == []
    assert_problem(client.get(f"/api/resources/{restricted.pk}", **member), 404, "not-found")
    read = client.get(f"/api/resources/{restricted.pk}", **officer)
    assert read.status_code == 200 and read.json()["visibility"] == "staff"
    [file] = read.json()["files"]
    assert_problem(client.get(file["url"], **member), 404, "not-found")
    download = client.get(file["url"], **officer)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"Internal steps."


def test_a_resource_lists_its_translations_and_the_list_pages_by_cursor(client):
    original = ResourceFactory(title="Interim care guidance")
    translation = ResourceFactory(title="Prise en charge temporaire", language="fr", translation_of=original)
    ResourceFactory(title="Third resource")
    auth = bearer(MemberFactory())
    read = client.get(f"/api/resources/{original.pk}", **auth).json()
    assert [(item["id"], item["language"]) for item in read["translations"]] == [(translation.pk, "fr")]
    first = client.get("/api/resources", {"page_size": 1}, **auth)
    assert first["Link"] == f'<{first.json()["next"]}>; rel="next"'
    seen = [item["id"] for item in first.json()["results"]]
    following = first.json()["next"]
    while following:
        page = client.get(following, **auth).json()
        seen += [item["id"] for item in page["results"]]
        following = page["next"]
    assert len(seen) == len(set(seen)) == 3
    # A translation found beside its original on one page is listed once, as on the repository page.
    assert len(client.get("/api/resources", **auth).json()["results"]) == 2
    assert_problem(client.get("/api/resources", {"cursor": "forged"}, **auth), 400, "bad-request")


# --- ratings -------------------------------------------------------------------------------------------------

def test_a_rating_is_given_once_changed_with_put_and_listed(client):
    query = make_query()
    actions.mark_answered(actor=staff_with_mfa(Role.OFFICER), query=query, outcome="full")
    auth = bearer(query.requester)
    url = f"/api/queries/{query.reference}/rating"
    given = send(client, "post", url, SCORES, **auth)
    assert given.status_code == 201 and given.json()["quality"] == 8
    again = send(client, "post", url, {**SCORES, "quality": 2}, **auth)
    assert "already rated" in assert_problem(again, 409, "invalid-transition")["detail"]
    assert Rating.objects.get(query=query).quality == 8
    changed = send(client, "put", url, {**SCORES, "quality": 10}, **auth)
    assert changed.status_code == 200 and Rating.objects.get(query=query).quality == 10
    listed = client.get("/api/ratings", **auth).json()
    assert [(item["query"], item["quality"]) for item in listed["results"]] == [(query.reference, 10)]
    assert client.get("/api/ratings", **bearer(MemberFactory())).json()["results"] == []


def test_a_query_not_answered_takes_no_rating_and_scores_stay_within_1_to_10(client):
    query = make_query()
    auth = bearer(query.requester)
    url = f"/api/queries/{query.reference}/rating"
    assert_problem(send(client, "post", url, SCORES, **auth), 409, "invalid-transition")
    actions.mark_answered(actor=staff_with_mfa(Role.OFFICER), query=Query.objects.get(pk=query.pk), outcome="full")
    assert_problem(send(client, "post", url, {**SCORES, "timeliness": 11}, **auth), 422, "invalid")
    assert not Rating.objects.exists()


def test_form_fields_over_the_limit_are_refused_as_too_large(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    query = make_query()
    response = client.post(f"/api/queries/{query.reference}/attachments",
                           {"body": "x" * 3000, "files": [SimpleUploadedFile("notes.txt", b"Notes.")]},
                           **bearer(query.requester))
    assert_problem(response, 413, "too-large")
    assert not Attachment.objects.exists()
