"""The staff's work on queries through the API (issue #12): what each change does, ETags and If-Match so that
two officers cannot overwrite each other, RFC 9457 problems for every error, and lists read by cursor."""

import json

import pytest

from cphelpdesk.api.actions import create_token
from cphelpdesk.api.models import ApiToken
from cphelpdesk.directory.models import Country, FocalPoint
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Gap, Message, Query, Referral, Status
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def bearer(member, scope=ApiToken.Scope.READ_WRITE):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=member, name='test', scope=scope)[1]}"}


def send(client, method, url, data=None, **headers):
    return client.generic(method.upper(), url, json.dumps(data) if data is not None else "",
                          content_type="application/json", **headers)


def etag(client, url, auth) -> str:
    response = client.get(url, **auth)
    assert response.status_code == 200
    return response["ETag"]


def assert_problem(response, status, slug):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["type"].endswith(f"/api/docs#problem-{slug}")
    assert body["title"] and body["detail"] and body["instance"] == response.wsgi_request.path
    return body


@pytest.fixture
def officer():
    return staff_with_mfa(Role.OFFICER)


def test_an_officer_triages_assigns_answers_and_closes_a_query_in_turn(client, officer, inbox):
    query = make_query()
    auth = bearer(officer)
    url = f"/api/queries/{query.reference}"
    read = client.get(url, **auth)
    assert read.json()["sla_class"] == "standard" and read.json()["assignments"] == []
    triaged = send(client, "patch", url, {"topics": ["IM.4W"], "urgency": "urgent", "country": "so"},
                   **auth, HTTP_IF_MATCH=read["ETag"])
    assert triaged.status_code == 200, triaged.content
    assert triaged.json()["status"] == Status.TRIAGED and triaged.json()["topics"] == ["IM.4W"]
    # The SLA class follows the urgency, and the answer carries the new ETag.
    assert triaged.json()["sla_class"] == "urgent" and triaged["ETag"] != read["ETag"]
    assert triaged["ETag"] == etag(client, url, auth)
    expert = staff_with_mfa(Role.EXPERT)
    assigned = send(client, "post", f"{url}/assignments", {"member": expert.email.upper(), "role": "expert"},
                    **auth, HTTP_IF_MATCH=triaged["ETag"])
    assert assigned.status_code == 201 and assigned.json()["role"] == "expert"
    note = send(client, "post", f"{url}/notes", {"body": "Ask the IM working group."}, **auth)
    assert note.status_code == 201 and note.json()["kind"] == Message.Kind.NOTE
    answered = send(client, "post", f"{url}/answer", {"outcome": "partial"}, **auth,
                    HTTP_IF_MATCH=etag(client, url, auth))
    assert answered.status_code == 200 and answered.json()["outcome"] == "partial"
    closed = send(client, "post", f"{url}/close", None, **auth, HTTP_IF_MATCH=answered["ETag"])
    assert closed.status_code == 200 and closed.json()["status"] == Status.CLOSED
    reopened = send(client, "post", f"{url}/reopen", {"reason": "New facts"}, **auth, HTTP_IF_MATCH=closed["ETag"])
    assert reopened.json()["status"] == Status.IN_PROGRESS
    query.refresh_from_db()
    assert query.urgency == "urgent" and query.country.iso2 == "SO"
    assert list(query.events.values_list("kind", flat=True)).count("reopened") == 1
    # The requester never sees the note, nor the staff's fields.
    mine = client.get(url, **bearer(query.requester)).json()
    assert "Ask the IM working group." not in json.dumps(mine) and mine["assignments"] is None


def test_two_officers_cannot_overwrite_each_other(client, officer):
    query = make_query()
    url = f"/api/queries/{query.reference}"
    first, second = bearer(officer), bearer(staff_with_mfa(Role.OFFICER))
    seen_by_first, seen_by_second = etag(client, url, first), etag(client, url, second)
    assert send(client, "patch", url, {"urgency": "urgent"}, **first, HTTP_IF_MATCH=seen_by_first).status_code == 200
    # The second officer read the query before that change: their change is refused, and nothing is written.
    stale = send(client, "patch", url, {"urgency": "standard", "service_type": "research"}, **second,
                 HTTP_IF_MATCH=seen_by_second)
    assert_problem(stale, 412, "edit-conflict")
    query.refresh_from_db()
    assert (query.urgency, query.service_type) == ("urgent", "question")
    # Without If-Match a change of state is refused too (428); `*` (any version) is accepted.
    assert_problem(send(client, "post", f"{url}/withdraw", None, **second), 428, "precondition-required")
    assert send(client, "post", f"{url}/withdraw", None, **second, HTTP_IF_MATCH="*").status_code == 200


def test_a_stale_if_match_rolls_back_even_an_additive_change(client, officer):
    query = make_query()
    url = f"/api/queries/{query.reference}"
    auth = bearer(officer)
    seen = etag(client, url, auth)
    actions.add_information(actor=query.requester, query=query, body="One more detail.")
    # A note without If-Match is added; with an If-Match from before the requester's message it is refused.
    assert send(client, "post", f"{url}/notes", {"body": "First note"}, **auth).status_code == 201
    assert_problem(send(client, "post", f"{url}/notes", {"body": "Second note"}, **auth, HTTP_IF_MATCH=seen),
                   412, "edit-conflict")
    assert not query.messages.filter(body="Second note").exists()


def test_who_is_refused_comes_before_the_precondition_and_the_state_after(client, officer):
    query = make_query()
    url = f"/api/queries/{query.reference}"
    # The requester may not close, whatever their If-Match: 403 first.
    assert_problem(send(client, "post", f"{url}/close", None, **bearer(query.requester)), 403, "forbidden")
    # The officer's close of an unanswered query: 428 without If-Match, 409 with it.
    auth = bearer(officer)
    assert_problem(send(client, "post", f"{url}/close", None, **auth), 428, "precondition-required")
    body = assert_problem(send(client, "post", f"{url}/close", None, **auth, HTTP_IF_MATCH=etag(client, url, auth)),
                          409, "invalid-transition")
    assert query.reference in body["detail"]


def test_the_member_a_referral_was_sent_to_answers_it_signed_in(client, officer, inbox):
    query = make_query(country=Country.objects.get(iso2="ML"))
    focal_point = staff_with_mfa(Role.FOCAL_POINT)
    FocalPoint.objects.create(member=focal_point, region=Country.objects.get(iso2="ML").region)
    url = f"/api/queries/{query.reference}"
    auth = bearer(officer)
    referred = send(client, "post", f"{url}/referrals", {
        "destination": "focal_point", "recipient_name": "The focal point", "recipient_email": focal_point.email,
        "reason": "Regional practice"}, **auth, HTTP_IF_MATCH=etag(client, url, auth))
    assert referred.status_code == 201 and referred.json()["status"] == Referral.Status.SENT
    assert client.get(url, **auth).json()["status"] == Status.REFERRED
    answer_url = f"{url}/referrals/{referred.json()['id']}/answer"
    # The officer who sent it cannot answer in the focal point's place.
    assert_problem(send(client, "post", answer_url, {"body": "x"}, **auth), 403, "forbidden")
    answered = send(client, "post", answer_url, {"body": "Foster care works here."}, **bearer(focal_point))
    assert answered.status_code == 201 and answered.json()["author"] == str(focal_point)
    query.refresh_from_db()
    assert query.status == Status.IN_PROGRESS
    assert query.messages.get(body="Foster care works here.").kind == Message.Kind.NOTE
    assert_problem(send(client, "post", answer_url, {"body": "Again"}, **bearer(focal_point)), 409,
                   "invalid-transition")


def test_merge_names_only_queries_the_person_may_see(client, officer):
    query, other = make_query(), make_query()
    url = f"/api/queries/{query.reference}"
    auth = bearer(officer)
    unknown = send(client, "post", f"{url}/merge", {"into": "CPH-1999-0001"}, **auth, HTTP_IF_MATCH="*")
    assert_problem(unknown, 400, "bad-request")
    merged = send(client, "post", f"{url}/merge", {"into": other.reference.lower()}, **auth,
                  HTTP_IF_MATCH=etag(client, url, auth))
    assert merged.status_code == 200 and merged.json()["status"] == Status.MERGED


def test_the_requester_withdraws_their_query(client):
    query = make_query()
    url = f"/api/queries/{query.reference}"
    auth = bearer(query.requester)
    withdrawn = send(client, "post", f"{url}/withdraw", None, **auth, HTTP_IF_MATCH=etag(client, url, auth))
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == Status.WITHDRAWN


def test_the_gap_register_through_the_api(client, officer):
    query = make_query()
    auth = bearer(officer)
    noted = send(client, "post", "/api/gaps", {"title": "No guidance on 5W in camps", "topic": "IM.4W"}, **auth)
    assert noted.status_code == 201 and noted.json()["queries"] == [] and noted.json()["topic"] == "IM.4W"
    gap_id = noted.json()["id"]
    linked = send(client, "post", f"/api/queries/{query.reference}/gaps", {"gap": gap_id}, **auth)
    assert linked.status_code == 201 and linked.json()["queries"] == [query.reference]
    gap_url = f"/api/gaps/{gap_id}"
    assert_problem(send(client, "patch", gap_url, {"status": "addressed"}, **auth), 428, "precondition-required")
    updated = send(client, "patch", gap_url, {"status": "taken_to_wg", "working_group": "IM TF"}, **auth,
                   HTTP_IF_MATCH=etag(client, gap_url, auth))
    assert updated.status_code == 200 and updated.json()["taken_to_wg_at"] and updated["ETag"]
    assert_problem(send(client, "patch", gap_url, {"status": "addressed"}, **auth, HTTP_IF_MATCH='"stale"'),
                   412, "edit-conflict")
    addressed = send(client, "patch", gap_url, {"status": "addressed"}, **auth, HTTP_IF_MATCH=updated["ETag"])
    assert addressed.json()["status"] == Gap.Status.ADDRESSED
    # An addressed gap takes no more queries (as on the query page, which offers only the others).
    refused = send(client, "post", f"/api/queries/{make_query().reference}/gaps", {"gap": gap_id}, **auth)
    assert_problem(refused, 400, "bad-request")
    listed = client.get("/api/gaps", {"status": "addressed"}, **auth).json()
    assert [gap["id"] for gap in listed["results"]] == [gap_id] and listed["next"] is None


# --- lists by cursor ------------------------------------------------------------------------------------------

def test_lists_are_read_page_by_page_through_next(client, officer):
    references = {make_query().reference for _ in range(5)}
    auth = bearer(officer)
    page = client.get("/api/queries", {"page_size": 2}, **auth)
    seen, pages = [], 0
    while True:
        pages += 1
        body = page.json()
        assert body["count"] == 5
        seen += [result["reference"] for result in body["results"]]
        if body["next"] is None:
            assert "Link" not in page
            break
        assert page["Link"] == f'<{body["next"]}>; rel="next"' and "page_size=2" in body["next"]
        page = client.get(body["next"], **auth)
    # Newest first, each query once, in three pages.
    assert pages == 3 and set(seen) == references and len(seen) == 5
    received = [Query.objects.get(reference=reference).received_at for reference in seen]
    assert received == sorted(received, reverse=True)


def test_a_cursor_not_made_by_the_list_is_refused(client, officer):
    auth = bearer(officer)
    # Numbered pages are gone: the first is still there, a later one is refused rather than read as the first.
    assert client.get("/api/queries", {"page": 1}, **auth).status_code == 200
    assert_problem(client.get("/api/queries", {"page": 2}, **auth), 400, "bad-request")
    assert_problem(client.get("/api/queries", {"cursor": "made-up"}, **auth), 400, "bad-request")
    for _ in range(2):
        send(client, "post", "/api/gaps", {"title": "A gap"}, **auth)
    make_query(), make_query()
    gaps_cursor = client.get("/api/gaps", {"page_size": 1}, **auth).json()["next"].split("cursor=")[1]
    # A gaps cursor does not page through queries.
    assert_problem(client.get("/api/queries", {"cursor": gaps_cursor}, **auth), 400, "bad-request")


# --- problems ---------------------------------------------------------------------------------------------------

def test_every_kind_of_error_is_a_problem(client, officer):
    auth = bearer(officer)
    query = make_query()
    assert_problem(client.get("/api/queries"), 401, "unauthenticated")
    assert_problem(client.get("/api/nowhere", **auth), 404, "not-found")
    assert_problem(client.get("/api/queries/CPH-1999-0001", **auth), 404, "not-found")
    invalid = assert_problem(send(client, "post", f"/api/queries/{query.reference}/answer",
                                  {"outcome": "splendid"}, **auth), 422, "invalid")
    assert invalid["errors"][0]["loc"] == ["body", "payload", "outcome"]
    not_allowed = send(client, "put", f"/api/queries/{query.reference}", {}, **auth)
    assert_problem(not_allowed, 405, "method-not-allowed")
    assert "PATCH" in not_allowed["Allow"]
    read_only = send(client, "post", "/api/gaps", {"title": "x"}, **bearer(officer, ApiToken.Scope.READ))
    assert_problem(read_only, 403, "read-only-token")
    assert_problem(send(client, "post", "/api/gaps", {"title": "x" * 20, "topic": "NOPE"}, **auth), 400,
                   "bad-request")
    assert_problem(client.post("/api/queries", "{", content_type="application/json", **auth), 400, "bad-request")



def test_the_schema_documents_problems_etags_and_if_match(client):
    schema = client.get("/api/openapi.json").json()
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == [PROBLEM], (method, path, status)
    close = schema["paths"]["/api/queries/{reference}/close"]["post"]
    assert {"name": "If-Match", "in": "header", "required": True}.items() <= close["parameters"][-1].items()
    assert {"409", "412", "428"} <= set(close["responses"]) and "ETag" in close["responses"]["200"]["headers"]
    notes = schema["paths"]["/api/queries/{reference}/notes"]["post"]
    assert notes["parameters"][-1]["required"] is False and "428" not in notes["responses"]


def test_members_cannot_use_staff_endpoints_of_their_own_query(client):
    member = MemberFactory()
    query = make_query(requester=member)
    auth = bearer(member)
    assert_problem(send(client, "post", f"/api/queries/{query.reference}/notes", {"body": "x"}, **auth), 403,
                   "forbidden")
    assert_problem(client.get("/api/gaps", **auth), 403, "forbidden")
