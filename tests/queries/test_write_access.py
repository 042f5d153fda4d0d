"""Who may write what on queries (issue #11): every POST of the query service, for every role, allowed and
refused, beside the read-access table in test_access.py. The query is strictly confidential (see
tests/cast.py): the officer of another desk, the region's focal point and the administrator do not see it."""

import pytest
from django.urls import reverse

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Gap, Query, Status
from tests.cast import DONE, expect, make_cast, strict_query, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def answered(cast, query):
    actions.mark_answered(actor=cast["manager"], query=query, outcome="full")


def closed(cast, query):
    answered(cast, query)
    actions.close(actor=cast["manager"], query=Query.objects.get(pk=query.pk))


def status_is(status):
    return lambda cast, query: query.status == status


# action -> (prepare the query, its POST data, did it take effect?)
QUERY_ACTIONS = {
    "triage": (None, lambda cast, query: {"urgency": "urgent", "service_type": "research",
                                          "sensitivity": Sensitivity.STRICTLY_CONFIDENTIAL},
               lambda cast, query: query.urgency == "urgent"),
    "assign": (None, lambda cast, query: {"member": cast["expert"].pk, "role": "expert"},
               lambda cast, query: query.assignments.filter(member=cast["expert"], ended_at__isnull=True).exists()),
    "reply": (None, lambda cast, query: {"body": "Here is the guidance."},
              lambda cast, query: query.messages.filter(body="Here is the guidance.").exists()),
    "follow_up": (None, lambda cast, query: {"body": "More details."},
                  lambda cast, query: query.messages.filter(body="More details.").exists()),
    "refer": (None, lambda cast, query: {"destination": "cluster", "recipient_name": "Health cluster",
                                         "recipient_email": "health@cluster.example", "reason": "Health side"},
              lambda cast, query: query.referrals.filter(recipient_email="health@cluster.example").exists()),
    "gap": (None, lambda cast, query: {"title": "No interim care guidance", "description": "Nothing in French"},
            lambda cast, query: query.gaps.filter(title="No interim care guidance").exists()),
    "answer": (None, lambda cast, query: {"outcome": "full"}, status_is(Status.ANSWERED)),
    "close": (answered, lambda cast, query: {}, status_is(Status.CLOSED)),
    "unassign": (None, lambda cast, query: {"assignment": query.assignments.get().pk},
                 lambda cast, query: not query.assignments.filter(ended_at__isnull=True).exists()),
    "link_requester": (None, lambda cast, query: {"email": cast["member"].email},
                       lambda cast, query: query.requester_id == cast["member"].pk),
    "reopen": (closed, lambda cast, query: {"reason": "Not solved"},
               lambda cast, query: query.status not in (Status.CLOSED, Status.ANSWERED)),
    "withdraw": (None, lambda cast, query: {}, status_is(Status.WITHDRAWN)),
    # Into another strictly confidential query of the same requester, seen by the same people.
    "merge": (None, lambda cast, query: {"into": strict_query(cast, subject="The same question").reference},
              status_is(Status.MERGED)),
    "individual_case": (None, lambda cast, query: {}, lambda cast, query: query.outcome == "individual_case"),
}

# Those who work on the query (its desk's officer, the manager) may; those who see it without working on it
# (requester, assigned expert, referred focal point) are refused with 403; anyone else gets 404, as if the
# query did not exist; visitors are sent to log in.
WORK = expect(404, anonymous="login", requester=403, assigned_expert=403, referred_focal_point=403,
              desk_officer=DONE, manager=DONE)
ALLOWED = {
    **dict.fromkeys(QUERY_ACTIONS, WORK),
    # Whoever works on the query as staff replies: the assigned expert and the referred focal point too.
    "reply": {**WORK, "assigned_expert": DONE, "referred_focal_point": DONE},
    # Only the requester adds information as the requester.
    "follow_up": {**WORK, "requester": DONE, "desk_officer": 403, "manager": 403},
    # The requester withdraws their own query; staff who work on it may for them.
    "withdraw": {**WORK, "requester": DONE},
}


@pytest.mark.parametrize("action", list(QUERY_ACTIONS))
def test_who_may_act_on_a_strictly_confidential_query(client, cast, action):
    prepare, data, took_effect = QUERY_ACTIONS[action]

    def attempt(client, person):
        query = strict_query(cast)
        if prepare:
            prepare(cast, query)
        response = client.post(reverse("queries:act", args=[query.reference, action]), data(cast, query))
        query = Query.objects.get(pk=query.pk)
        return response, took_effect(cast, query)

    assert table(client, cast, attempt) == ALLOWED[action]


def submission(cast):
    return {"subject": "Case management standards", "question": "Which standards apply?",
            "country": Country.objects.get(iso2="ML").pk, "language": "fr", "service_type": "question",
            "urgency": "standard", "no_child_details": "on", "requester_email": "coordinator@ngo.example",
            "requester_name": "A coordinator", "channel": "staff"}


def test_who_may_submit_a_query(client, cast):
    def attempt(client, person):
        before = Query.objects.count()
        response = client.post(reverse("queries:submit"), submission(cast))
        return response, Query.objects.count() == before + 1

    # Any approved account asks a question (staff too, as members of their organisation).
    assert table(client, cast, attempt) == expect(DONE, anonymous="login")


def test_who_may_log_a_query_for_someone(client, cast):
    def attempt(client, person):
        before = Query.objects.count()
        return client.post(reverse("queries:log"), submission(cast)), Query.objects.count() == before + 1

    assert table(client, cast, attempt) == expect(403, anonymous="login", desk_officer=DONE,
                                                  other_desk_officer=DONE, manager=DONE)


def test_who_may_export_queries(client, cast):
    def attempt(client, person):
        strict_query(cast)
        response = client.post(reverse("queries:export"), {"format": "csv"})
        return response, response.status_code == 200 and response["Content-Disposition"].startswith("attachment")

    assert table(client, cast, attempt) == expect(403, anonymous="login", desk_officer=DONE,
                                                  other_desk_officer=DONE, manager=DONE)


def test_who_may_update_the_gap_register(client, cast):
    def attempt(client, person):
        query = strict_query(cast)
        gap = actions.flag_gap(actor=cast["manager"], query=query, gap=None, title="No guidance", topic=None,
                               description="")
        response = client.post(reverse("queries:gap_update", args=[gap.pk]), {"status": "addressed"})
        return response, Gap.objects.get(pk=gap.pk).status == "addressed"

    assert table(client, cast, attempt) == expect(403, anonymous="login", desk_officer=DONE,
                                                  other_desk_officer=DONE, manager=DONE)
