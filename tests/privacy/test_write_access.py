"""Who may write what in `privacy` (issue #11): every POST, for every role, allowed and refused, beside the
read-access tables (tests/cast.py sets the scene: a strictly confidential query of the French desk)."""

import pytest
from django.urls import reverse

from cphelpdesk.privacy import intake, retention
from cphelpdesk.privacy.models import DataRequest, Finding, LegalHold
from cphelpdesk.queries.models import Message
from tests.cast import DONE, expect, make_cast, strict_query, table
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
OFFICERS = {"desk_officer": DONE, "other_desk_officer": DONE, "manager": DONE}


@pytest.fixture
def cast():
    return make_cast()


@pytest.mark.parametrize(("decision", "state"), [("redact", Finding.State.REDACTED),
                                                 ("dismiss", Finding.State.DISMISSED)])
def test_who_may_review_a_finding(client, cast, decision, state):
    def attempt(client, person):
        query = strict_query(cast, question="Mariam Koné, 12 years old, needs a safe place.")
        [finding, *_] = intake.scan_message(query.messages.get(kind=Message.Kind.REQUESTER))
        response = client.post(reverse("privacy:resolve", args=[finding.pk, decision]))
        return response, Finding.objects.get(pk=finding.pk).state == state

    # Officers working on the query may; those who only see it are refused (403); the rest: 404.
    assert table(client, cast, attempt) == expect(404, requester=403, assigned_expert=403,
                                                  referred_focal_point=403, desk_officer=DONE, manager=DONE)


def test_who_may_accept_the_privacy_notice(client, cast):
    def attempt(client, person):
        if person is not None:
            type(person).objects.filter(pk=person.pk).update(terms_accepted_at=None)
        response = client.post(reverse("privacy:accept"), {"accept": "yes"})
        return response, person is not None and type(person).objects.get(pk=person.pk).terms_accepted_at is not None

    assert table(client, cast, attempt) == expect(DONE, anonymous="login")


def test_who_may_ask_for_erasure(client, cast):
    def attempt(client, person):
        DataRequest.objects.all().delete()
        response = client.post(reverse("privacy:my_data"), {"action": "erase", "confirm": "yes"})
        return response, person is not None and DataRequest.objects.filter(member=person).exists()

    assert table(client, cast, attempt) == expect(DONE, anonymous="login")


def test_who_may_decide_an_erasure_request(client, cast):
    def attempt(client, person):
        data_request = DataRequest.objects.create(member=MemberFactory())
        response = client.post(reverse("privacy:decide", args=[data_request.pk]),
                               {"decision": "refuse", "note": "An open inquiry needs the record."})
        return response, DataRequest.objects.get(pk=data_request.pk).status == DataRequest.Status.REFUSED

    assert table(client, cast, attempt) == expect(403, anonymous="login", **OFFICERS)


def test_who_may_place_and_lift_a_legal_hold(client, cast):
    def place(client, person):
        query = strict_query(cast)
        response = client.post(reverse("privacy:place_hold"), {"reference": query.reference, "reason": "Inquiry"})
        return response, LegalHold.objects.filter(query=query).exists()

    def lift(client, person):
        hold = retention.place_hold(actor=cast["manager"], reason="Inquiry", query=strict_query(cast))
        response = client.post(reverse("privacy:lift_hold", args=[hold.pk]))
        return response, LegalHold.objects.get(pk=hold.pk).lifted_at is not None

    managers_only = expect(403, anonymous="login", manager=DONE)
    assert table(client, cast, place) == managers_only
    assert table(client, cast, lift) == managers_only
