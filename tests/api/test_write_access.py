"""Who may write what through the API (issues #11 and #12): every write of queries and of the gap register, for
every role, allowed and refused, with the same answers as the website (tests/queries/test_write_access.py), and
for read-only and expired tokens. Each person sends the ETag they read as If-Match, as a client would."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cphelpdesk.api.actions import create_token
from cphelpdesk.api.models import ApiToken
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Attachment, Gap, Message, Query, Referral, Status
from cphelpdesk.surveys.actions import submit_rating
from cphelpdesk.surveys.models import Rating
from tests.cast import DONE, expect, make_cast, strict_query, table
from tests.factories import ResourceFactory
from tests.queries.test_write_access import ALLOWED as WEB_ALLOWED
from tests.queries.test_write_access import answered, closed, status_is

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def bearer(person, scope=ApiToken.Scope.READ_WRITE) -> dict:
    if person is None:
        return {}
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=person, name='test', scope=scope)[1]}"}


def send(client, method, url, data=None, **headers):
    body = json.dumps(data) if data is not None else ""
    return client.generic(method.upper(), url, body, content_type="application/json", **headers)


def post_json(client, person, url, data):
    # A read-and-write token: what is refused below is refused for who the person is, not for the token's scope.
    return send(client, "post", url, data, **bearer(person))


def read_etag(client, auth, url) -> dict:
    """The If-Match header a client would send: the ETag of its last read, if it may read the object."""
    response = client.get(url, **auth)
    return {"HTTP_IF_MATCH": response["ETag"]} if response.status_code == 200 else {}


def as_api(web_row: dict) -> dict:
    """The website's row of the table as the API answers it: 401 where the website sends visitors to log in."""
    return {role: 401 if outcome == "login" else outcome for role, outcome in web_row.items()}


def gap_of(cast, query) -> Gap:
    return actions.flag_gap(actor=cast["manager"], query=query, title="No interim care guidance")


# endpoint -> (prepare the query, method, path under the query, body, did it take effect?)
QUERY_WRITES = {
    "triage": (None, "patch", "", lambda cast, query: {"urgency": "urgent", "sensitivity": 3},
               lambda cast, query: query.urgency == "urgent"),
    "assign": (None, "post", "/assignments", lambda cast, query: {"member": cast["expert"].email, "role": "expert"},
               lambda cast, query: query.assignments.filter(member=cast["expert"], ended_at__isnull=True).exists()),
    "unassign": (None, "delete", lambda cast, query: f"/assignments/{query.assignments.get().pk}", None,
                 lambda cast, query: not query.assignments.filter(ended_at__isnull=True).exists()),
    "refer": (None, "post", "/referrals",
              lambda cast, query: {"destination": "cluster", "recipient_name": "Health cluster",
                                   "recipient_email": "health@cluster.example", "reason": "Health side"},
              lambda cast, query: query.referrals.filter(recipient_email="health@cluster.example").exists()),
    "note": (None, "post", "/notes", lambda cast, query: {"body": "Checked with the desk."},
             lambda cast, query: query.messages.filter(body="Checked with the desk.", kind="note").exists()),
    "reply": (None, "post", "/replies", lambda cast, query: {"body": "Here is the guidance."},
              lambda cast, query: query.messages.filter(body="Here is the guidance.").exists()),
    "gap": (None, "post", "/gaps", lambda cast, query: {"title": "No interim care guidance"},
            lambda cast, query: query.gaps.filter(title="No interim care guidance").exists()),
    "answer": (None, "post", "/answer", lambda cast, query: {"outcome": "partial"}, status_is(Status.ANSWERED)),
    "close": (answered, "post", "/close", None, status_is(Status.CLOSED)),
    "reopen": (closed, "post", "/reopen", lambda cast, query: {"reason": "Not solved"},
               lambda cast, query: query.status not in (Status.CLOSED, Status.ANSWERED)),
    "withdraw": (None, "post", "/withdraw", None, status_is(Status.WITHDRAWN)),
    # Into another strictly confidential query of the same requester, seen by the same people.
    "merge": (None, "post", "/merge",
              lambda cast, query: {"into": strict_query(cast, subject="The same question").reference},
              status_is(Status.MERGED)),
    "referral_answer": (None, "post",
                        lambda cast, query: f"/referrals/{query.referrals.get().pk}/answer",
                        lambda cast, query: {"body": "In our region we use foster families."},
                        lambda cast, query: query.referrals.get().status == Referral.Status.ANSWERED),
}

# The same answers as the website's form of each action (a reply from the requester adds information there).
ALLOWED = {
    **{name: as_api(WEB_ALLOWED[name]) for name in ("triage", "assign", "unassign", "refer", "answer", "close",
                                                    "reopen", "withdraw", "merge")},
    "gap": as_api(WEB_ALLOWED["gap"]),
    # An internal note is written by whoever works on the query as staff, as a reply is.
    "note": as_api(WEB_ALLOWED["reply"]),
    "reply": {**as_api(WEB_ALLOWED["reply"]), "requester": DONE},
    # Only the member the referral was sent to answers it signed in; the others who see the query get 403.
    "referral_answer": expect(404, anonymous=401, requester=403, desk_officer=403, assigned_expert=403,
                              referred_focal_point=DONE, manager=403),
}


def _query_write(client, cast, name, person, auth):
    prepare, method, path, data, took_effect = QUERY_WRITES[name]
    query = strict_query(cast)
    if prepare:
        prepare(cast, query)
    url = f"/api/queries/{query.reference}"
    suffix = path(cast, query) if callable(path) else path
    body = data(cast, query) if data else ({} if method == "post" else None)
    response = send(client, method, url + suffix, body, **auth, **read_etag(client, auth, url))
    return response, took_effect(cast, Query.objects.get(pk=query.pk))


@pytest.mark.parametrize("name", list(QUERY_WRITES))
def test_who_may_work_on_a_strictly_confidential_query(client, cast, name):
    assert table(client, cast, lambda client, person: _query_write(client, cast, name, person, bearer(person))
                 ) == ALLOWED[name]


@pytest.mark.parametrize("name", list(QUERY_WRITES))
def test_read_only_and_expired_tokens_change_nothing(client, cast, name):
    """Even for someone who may do it (the referral's recipient answers it, the manager does the rest)."""
    person = cast["referred_focal_point" if name == "referral_answer" else "manager"]
    response, done = _query_write(client, cast, name, person, bearer(person, ApiToken.Scope.READ))
    assert (response.status_code, done) == (403, False)
    assert response.json()["type"].endswith("#problem-read-only-token")
    auth = bearer(person, ApiToken.Scope.READ_WRITE)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response, done = _query_write(client, cast, name, person, auth)
    assert (response.status_code, done) == (401, False)


def test_who_may_reply_to_a_strictly_confidential_query(client, cast):
    def attempt(client, person):
        query = strict_query(cast)
        response = post_json(client, person, f"/api/queries/{query.reference}/replies", {"body": "Noted, thanks."})
        return response, query.messages.filter(body="Noted, thanks.").exists()

    # Staff who see the query reply; its requester adds information; the others get 404 (or 401 without a token).
    assert table(client, cast, attempt) == expect(404, anonymous=401, requester=DONE, desk_officer=DONE,
                                                  assigned_expert=DONE, referred_focal_point=DONE, manager=DONE)


def test_who_may_submit_a_query(client, cast):
    def attempt(client, person):
        before = Query.objects.count()
        response = post_json(client, person, "/api/queries", {
            "subject": "5W template", "question": "Do you have a 5W template?", "country": "ml", "language": "fr",
            "no_child_details_confirmed": True})
        return response, Query.objects.count() == before + 1

    assert table(client, cast, attempt) == expect(DONE, anonymous=401)


# --- the gap register -------------------------------------------------------------------------------------

KEEPERS = expect(403, anonymous=401, desk_officer=DONE, other_desk_officer=DONE, manager=DONE)


def test_who_may_note_a_gap_without_a_query(client, cast):
    def attempt(client, person):
        before = Gap.objects.count()
        response = post_json(client, person, "/api/gaps", {"title": "No guidance on interim care"})
        return response, Gap.objects.count() == before + 1

    # Who keeps the register on the website (tests/queries/test_write_access.py) notes gaps.
    assert table(client, cast, attempt) == KEEPERS


def test_who_may_update_the_gap_register(client, cast):
    def attempt(client, person):
        gap = gap_of(cast, strict_query(cast))
        auth = bearer(person)
        url = f"/api/gaps/{gap.pk}"
        response = send(client, "patch", url, {"status": "addressed"}, **auth, **read_etag(client, auth, url))
        return response, Gap.objects.get(pk=gap.pk).status == "addressed"

    assert table(client, cast, attempt) == KEEPERS


def test_who_may_read_the_gap_register_and_which_queries_they_see_in_it(client, cast):
    def attempt(client, person):
        query = strict_query(cast)
        gap = gap_of(cast, query)
        listed = client.get("/api/gaps", **bearer(person))
        if listed.status_code != 200:
            return listed, False
        [entry] = [entry for entry in listed.json()["results"] if entry["id"] == gap.pk]
        # "done": the person reads the gap and sees the strictly confidential query linked to it.
        return listed, query.reference in entry["queries"]

    # Staff with a queue read the register; each gap lists only the queries they may see (200 without it).
    assert table(client, cast, attempt) == expect(
        403, anonymous=401, desk_officer=DONE, other_desk_officer=200, assigned_expert=DONE, expert=200,
        referred_focal_point=DONE, focal_point=200, manager=DONE)


def test_nothing_changes_through_a_query_the_person_may_not_see(client, cast):
    """The officer of another desk gets 404 for the strictly confidential query, whatever they send."""
    query = strict_query(cast)
    auth = bearer(cast["other_desk_officer"])
    before = (query.status, query.messages.count(), query.sensitivity)
    for method, suffix, data in (("patch", "", {"sensitivity": 0}), ("post", "/notes", {"body": "x"}),
                                 ("post", "/withdraw", {}), ("post", "/answer", {"outcome": "full"})):
        response = send(client, method, f"/api/queries/{query.reference}{suffix}", data, **auth,
                        HTTP_IF_MATCH="*")
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    query.refresh_from_db()
    assert (query.status, query.messages.count(), query.sensitivity) == before
    assert query.sensitivity == Sensitivity.STRICTLY_CONFIDENTIAL
    assert not Message.objects.filter(body="x").exists()


# --- files, and the requester's rating (issue #12) ----------------------------------------------------------

def a_file(name="terms.txt", content=b"Terms of reference for the working group."):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def _reply_with_a_file(client, cast, person, auth):
    query = strict_query(cast)
    url = f"/api/queries/{query.reference}"
    response = client.post(f"{url}/attachments", {"body": "The terms, attached.", "files": [a_file()]},
                           **auth, **read_etag(client, auth, url))
    return response, Attachment.objects.filter(message__query=query, original_name="terms.txt").exists()


def _rate(client, cast, person, auth):
    query = strict_query(cast)
    answered(cast, query)
    response = send(client, "post", f"/api/queries/{query.reference}/rating",
                    {"appropriateness": 9, "timeliness": 8, "quality": 9, "comment": "Useful"}, **auth)
    return response, Rating.objects.filter(query=query).exists()


def test_who_may_reply_with_attachments(client, cast):
    """As a reply without files: staff who work on the query reply, its requester adds information."""
    assert table(client, cast, lambda client, person: _reply_with_a_file(client, cast, person, bearer(person))
                 ) == ALLOWED["reply"]


def test_who_may_submit_a_query_with_attachments(client, cast):
    def attempt(client, person):
        response = client.post("/api/queries/with-attachments", {
            "subject": "5W template", "question": "Is this template right?", "country": "ml", "language": "fr",
            "topics": [], "no_child_details_confirmed": "true", "files": [a_file()]}, **bearer(person))
        return response, Attachment.objects.filter(original_name="terms.txt").exists()

    assert table(client, cast, attempt) == expect(DONE, anonymous=401)


def test_who_may_rate_the_answer_to_a_query(client, cast):
    """Only its requester, as on the query page (everyone else: 404, as there)."""
    assert table(client, cast, lambda client, person: _rate(client, cast, person, bearer(person))
                 ) == expect(404, anonymous=401, requester=DONE)


@pytest.mark.parametrize("write", [_reply_with_a_file, _rate])
def test_read_only_and_expired_tokens_neither_upload_nor_rate(client, cast, write):
    person = cast["requester"]
    response, done = write(client, cast, person, bearer(person, ApiToken.Scope.READ))
    assert (response.status_code, done) == (403, False)
    assert response.json()["type"].endswith("#problem-read-only-token")
    auth = bearer(person, ApiToken.Scope.READ_WRITE)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response, done = write(client, cast, person, auth)
    assert (response.status_code, done) == (401, False)


# --- reading the repository and one's ratings ------------------------------------------------------------------

def _resource(cast, kind):
    if kind == "banked_draft":
        # Banked from the strictly confidential query: it holds the query's content until it is reviewed.
        return ResourceFactory(title="Interim care answer", status="draft", published_at=None,
                               source_query=strict_query(cast))
    return ResourceFactory(title="Interim care guidance", visibility=kind)


STAFF_READ = expect(DONE, anonymous=401, requester=404, member=404)


@pytest.mark.parametrize("kind, expected", [
    ("public", expect(DONE, anonymous=401)),
    ("members", expect(DONE, anonymous=401)),
    ("staff", STAFF_READ),
    # Only those who may see the query it came from (never the administrator), as on the website.
    ("banked_draft", expect(404, anonymous=401, desk_officer=DONE, assigned_expert=DONE,
                            referred_focal_point=DONE, manager=DONE)),
])
def test_who_reads_and_finds_which_resources(client, cast, kind, expected):
    def attempt(client, person):
        resource = _resource(cast, kind)
        auth = bearer(person, ApiToken.Scope.READ)
        read = client.get(f"/api/resources/{resource.pk}", **auth)
        found = client.get("/api/resources", {"q": "interim care"}, **auth)
        listed = found.status_code == 200 and resource.pk in [item["id"] for item in found.json()["results"]]
        # The list and the single read agree.
        assert listed == (read.status_code == 200)
        return read, listed

    assert table(client, cast, attempt) == expected


def test_each_member_lists_only_the_ratings_they_gave(client, cast):
    query = strict_query(cast)
    answered(cast, query)
    submit_rating(query=Query.objects.get(pk=query.pk), appropriateness=8, timeliness=8, quality=8,
                  actor=cast["requester"])

    def attempt(client, person):
        listed = client.get("/api/ratings", **bearer(person, ApiToken.Scope.READ))
        return listed, listed.status_code == 200 and [item["query"] for item in listed.json()["results"]] == [
            query.reference]

    assert table(client, cast, attempt) == expect(200, anonymous=401, requester=DONE)
