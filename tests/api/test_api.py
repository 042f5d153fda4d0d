"""The REST API: tokens, the web's permissions exactly, JSON errors for every kind of bad request."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from cphelpdesk.api.actions import create_token
from cphelpdesk.api.models import ApiToken
from cphelpdesk.directory.models import Country
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Channel, Query, Status
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db


def bearer(member):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(member=member, name='test')[1]}"}


def post_json(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


NEW_QUERY = {"subject": "5W template", "question": "Do you have a 5W template?", "country": "so",
             "topics": ["IM.4W"], "language": "en", "no_child_details_confirmed": True}


def test_member_submits_lists_and_reads_their_query(client):
    member = MemberFactory()
    auth = bearer(member)
    created = post_json(client, "/api/queries", NEW_QUERY, **auth)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["reference"].startswith("CPH-") and body["country"] == "SO" and body["topics"] == ["IM.4W"]
    assert body["privacy_flags"] is None  # staff only
    assert Query.objects.get(reference=body["reference"]).channel == Channel.API
    listed = client.get("/api/queries", **auth).json()
    assert listed["count"] == 1 and listed["results"][0]["reference"] == body["reference"]
    read = client.get(f"/api/queries/{body['reference']}", **auth).json()
    assert read["messages"][0]["body"] == "Do you have a 5W template?"


def test_staff_see_privacy_flags_field_and_reply(client):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    auth = bearer(officer)
    read = client.get(f"/api/queries/{query.reference}", **auth).json()
    assert read["privacy_flags"] == []
    replied = post_json(client, f"/api/queries/{query.reference}/replies", {"body": "Here it is."}, **auth)
    assert replied.status_code == 201 and replied.json()["kind"] == "reply"
    query.refresh_from_db()
    assert query.status == Status.IN_PROGRESS and query.first_response_at


def test_same_permissions_as_the_web(client):
    query = make_query()
    outsider, expert = MemberFactory(), staff_with_mfa(Role.EXPERT)
    administrator = staff_with_mfa(Role.ADMINISTRATOR)
    for person in (outsider, expert, administrator):
        auth = bearer(person)
        assert client.get(f"/api/queries/{query.reference}", **auth).status_code == 404
        assert post_json(client, f"/api/queries/{query.reference}/replies", {"body": "x"}, **auth).status_code == 404
        assert query.reference not in client.get("/api/queries", **auth).content.decode()
    # The requester may add information but not write internal notes.
    auth = bearer(query.requester)
    assert post_json(client, f"/api/queries/{query.reference}/replies", {"body": "More"}, **auth).status_code == 201
    refused = post_json(client, f"/api/queries/{query.reference}/replies", {"body": "x", "internal": True}, **auth)
    assert refused.status_code == 403 and "detail" in refused.json()


def test_pending_members_cannot_submit(client):
    response = post_json(client, "/api/queries", NEW_QUERY, **bearer(MemberFactory(approval="pending")))
    assert response.status_code == 403 and "approved" in response.json()["detail"]


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Bearer nope"}, {"HTTP_AUTHORIZATION": "Basic x"}])
def test_missing_or_bad_tokens_get_401_json(client, headers):
    response = client.get("/api/queries", **headers)
    assert response.status_code == 401 and "token" in response.json()["detail"]


def test_revoked_tokens_and_inactive_accounts_are_refused(client):
    member = MemberFactory()
    record, token = create_token(member=member, name="x")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/queries", **auth).status_code == 200
    from cphelpdesk.api.actions import revoke_token

    revoke_token(member=member, token=record)
    assert client.get("/api/queries", **auth).status_code == 401
    assert ApiToken.objects.get(pk=record.pk).key_hash != token  # only a hash is stored


@pytest.mark.parametrize("payload, status", [
    ("not json at all", 400),
    ({"subject": "x"}, 422),
    ({**NEW_QUERY, "country": "XX"}, 400),
    ({**NEW_QUERY, "topics": ["NOPE"]}, 400),
    ({**NEW_QUERY, "urgency": "whenever"}, 422),
    ({**NEW_QUERY, "no_child_details_confirmed": False}, 400),
    ({**NEW_QUERY, "subject": "x" * 300}, 422),
])
def test_garbage_gets_a_clear_json_error(client, payload, status):
    auth = bearer(MemberFactory())
    data = payload if isinstance(payload, str) else json.dumps(payload)
    response = client.post("/api/queries", data, content_type="application/json", **auth)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not Query.objects.exists()


def test_illegal_transition_is_409(client):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    actions.mark_answered(actor=officer, query=query)
    actions.close(actor=officer, query=query)
    response = post_json(client, f"/api/queries/{query.reference}/replies", {"body": "x"}, **bearer(officer))
    assert response.status_code == 409 and "reopen" in response.json()["detail"]


def test_staff_list_filters(client):
    officer = staff_with_mfa(Role.OFFICER)
    somalia = make_query(country=Country.objects.get(iso2="SO"))
    make_query(country=Country.objects.get(iso2="ML"))
    listed = client.get("/api/queries", {"country": "SO"}, **bearer(officer)).json()
    assert [r["reference"] for r in listed["results"]] == [somalia.reference]
    assert client.get("/api/queries", {"page_size": 1000}, **bearer(officer)).status_code == 422


def test_openapi_schema_is_published(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/queries" in schema["paths"] and "/api/queries/{reference}/replies" in schema["paths"]


def test_create_api_token_command(capsys):
    member = MemberFactory()
    call_command("create_api_token", member.email)
    token = capsys.readouterr().out.strip()
    assert token.startswith("cph_") and ApiToken.objects.filter(member=member).count() == 1


def test_members_make_and_revoke_tokens_on_their_profile(client):
    member = MemberFactory()
    client.force_login(member)
    page = client.post(reverse("api_tokens:list"), {"name": "My dashboard"}).content.decode()
    token = ApiToken.objects.get(member=member)
    assert "cph_" in page and token.prefix in page
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    other = MemberFactory()
    client.force_login(other)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
