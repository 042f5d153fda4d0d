"""Who may write what through the API (issue #11): its writes of queries, for every role, allowed and
refused, with the same answers as the website (tests/queries/test_write_access.py)."""

import json

import pytest

from cphelpdesk.api.actions import create_token
from cphelpdesk.api.models import ApiToken
from cphelpdesk.queries.models import Query
from tests.cast import DONE, expect, make_cast, strict_query, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def post_json(client, person, url, data):
    # A read-and-write token: what is refused below is refused for who the person is, not for the token's scope.
    token = create_token(actor=person, name="test", scope=ApiToken.Scope.READ_WRITE)[1] if person else None
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if person else {}
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


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
