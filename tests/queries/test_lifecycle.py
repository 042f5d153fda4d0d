"""The status lifecycle: every action from every status, legal or refused, each leaving its event."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions, selectors
from cphelpdesk.queries.models import OPEN_STATUSES, Outcome, Query, Referral, Status
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return staff_with_mfa(Role.OFFICER)


def run(action, officer, query):
    """Call the action named `action` as an officer (or the requester, for follow-ups)."""
    if action == "triage":
        return actions.triage(actor=officer, query=query, urgency="urgent")
    if action == "start":
        return actions.reply(actor=officer, query=query, body="We are looking into it.")
    if action == "await_requester":
        return actions.reply(actor=officer, query=query, body="Which region?", awaiting_requester=True)
    if action == "refer":
        return actions.refer(actor=officer, query=query, destination=Referral.Destination.WORKING_GROUP,
                             recipient_name="CPMS WG", recipient_email="cpms-wg@example.org", reason="Standards")
    if action == "answer":
        return actions.mark_answered(actor=officer, query=query, outcome=Outcome.FULL)
    if action == "close":
        return actions.close(actor=officer, query=query)
    if action == "reopen":
        return actions.reopen(actor=officer, query=query, reason="More to say")
    if action == "withdraw":
        return actions.withdraw(actor=officer, query=query)
    if action == "merge":
        return actions.merge(actor=officer, query=query, into=make_query(subject="The one to keep"))
    raise AssertionError(action)


EXPECTED_STATUS = {
    "triage": Status.TRIAGED, "start": Status.IN_PROGRESS, "await_requester": Status.AWAITING_REQUESTER,
    "refer": Status.REFERRED, "answer": Status.ANSWERED, "close": Status.CLOSED, "reopen": Status.IN_PROGRESS,
    "withdraw": Status.WITHDRAWN, "merge": Status.MERGED,
}
EXPECTED_EVENT = {
    "triage": "triaged", "start": "replied", "await_requester": "replied", "refer": "referred",
    "answer": "answered", "close": "closed", "reopen": "reopened", "withdraw": "withdrawn", "merge": "merged",
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(actions.ALLOWED_FROM))
def test_every_transition_is_allowed_or_refused_clearly(officer, action, status):
    query = make_query()
    Query.objects.filter(pk=query.pk).update(status=status)
    query.refresh_from_db()
    allowed = status in actions.ALLOWED_FROM[action]
    if action == "start":  # a reply: allowed on every open query
        allowed = status in OPEN_STATUSES
    if action == "await_requester":  # a reply that waits: a query already waiting may wait again
        allowed = status in actions.ALLOWED_FROM[action] | {Status.AWAITING_REQUESTER}
    events_before = query.events.count()
    if allowed:
        run(action, officer, query)
        query.refresh_from_db()
        expected = EXPECTED_STATUS[action]
        if action == "triage" and status != Status.NEW:
            expected = status  # triage of a query already under way changes its data, not its status
        if action == "start" and status == Status.AWAITING_REQUESTER:
            expected = Status.IN_PROGRESS
        assert query.status == expected
        assert query.events.filter(kind=EXPECTED_EVENT[action]).exists()
    else:
        with pytest.raises(actions.InvalidTransition) as refused:
            run(action, officer, query)
        assert query.reference in str(refused.value)
        query.refresh_from_db()
        assert query.status == status and query.events.count() == events_before


def test_submission_records_the_query_its_question_and_acknowledgement():
    requester = MemberFactory()
    query = make_query(requester=requester, subject="  IM   dashboard  ", question="How to build a 5W dashboard?")
    assert query.reference.startswith(f"CPH-{query.received_at.year}-")
    assert query.subject == "IM dashboard" and selectors.question(query).body == "How to build a 5W dashboard?"
    assert query.status == Status.NEW and query.acknowledged_at is not None
    assert list(query.events.values_list("kind", flat=True)) == ["submitted", "acknowledged"]
    assert query.organisation == requester.organisation and query.country == requester.country


def test_references_count_up_within_a_year():
    first, second = make_query(), make_query()
    number = int(first.reference.rsplit("-", 1)[1])
    assert second.reference.endswith(f"-{number + 1:04d}")


def test_requester_follow_up_reopens_an_answered_query(officer):
    query = make_query()
    actions.mark_answered(actor=officer, query=query, outcome=Outcome.PARTIAL)
    actions.add_information(actor=query.requester, query=query, body="One more thing")
    query.refresh_from_db()
    assert query.status == Status.IN_PROGRESS
    assert query.events.filter(kind="reopened").exists()


def test_merged_query_points_to_the_kept_one(officer):
    duplicate, kept = make_query(), make_query()
    actions.merge(actor=officer, query=duplicate, into=kept)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept and duplicate.closed_at
    assert kept.events.filter(kind="merged_from", data__duplicate=duplicate.reference).exists()
    with pytest.raises(ValidationError):
        actions.merge(actor=officer, query=kept, into=kept)


def test_reopening_clears_the_outcome_and_sets_a_fresh_target(officer):
    query = make_query()
    actions.mark_answered(actor=officer, query=query, outcome=Outcome.FULL)
    actions.reopen(actor=officer, query=query, reason="More")
    query.refresh_from_db()
    assert (query.outcome, query.answered_at) == ("", None)
    assert query.resolution_due > timezone.now()


def test_merging_into_a_closed_query_is_refused(officer):
    query, closed = make_query(), make_query()
    actions.withdraw(actor=officer, query=closed)
    with pytest.raises(ValidationError):
        actions.merge(actor=officer, query=query, into=closed)
