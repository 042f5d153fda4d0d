"""The timeline has one writer (`queries.timeline`) and a closed list of kinds (`EventKind`); the query's
question and the requester's language are each read in one place."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions, selectors, timeline
from cphelpdesk.queries.models import EventKind, Message, QueryEvent
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db
PACKAGE = Path(__file__).resolve().parents[2] / "cphelpdesk"


def test_record_writes_the_event_with_its_kind_actor_and_details():
    query = make_query()
    officer = staff_with_mfa(Role.OFFICER)
    event = timeline.record(query, EventKind.PERSONAL_DATA_DISMISSED, actor=officer, kind="phone")
    event.refresh_from_db()
    assert (event.query, event.kind, event.actor, event.data) == (query, "personal_data_dismissed", officer,
                                                                  {"kind": "phone"})
    assert event.get_kind_display() == "Finding dismissed"


def test_an_unknown_kind_is_refused_and_nothing_is_written():
    query = make_query()
    before = query.events.count()
    with pytest.raises(ValueError), transaction.atomic():
        timeline.record(query, "looked_at")
    assert query.events.count() == before


def test_event_builds_an_unsaved_row_from_a_query_id_and_drops_an_anonymous_actor():
    from django.contrib.auth.models import AnonymousUser

    query = make_query()
    item = timeline.event(query.pk, "rated", actor=AnonymousUser(), quality=9)
    assert item.pk is None and item.query_id == query.pk and item.actor is None and item.kind == EventKind.RATED
    QueryEvent.objects.bulk_create([item])
    assert query.events.filter(kind=EventKind.RATED, data={"quality": 9}).exists()


def test_the_events_that_change_what_a_query_says_reindex_it():
    from cphelpdesk.search.models import SearchEntry

    query = make_query(subject="Interim care", question="How do we arrange interim care?")
    SearchEntry.objects.filter(object_id=query.pk).delete()
    timeline.record(query, EventKind.SLA_REMINDER, breached=False)
    assert not SearchEntry.objects.filter(object_id=query.pk).exists()
    timeline.record(query, EventKind.TRIAGED)
    assert SearchEntry.objects.filter(object_id=query.pk).exists()


def test_no_code_writes_a_query_event_but_the_timeline_module():
    """`QueryEvent(...)` and `QueryEvent.objects.create(...)` appear only in `queries/timeline.py`."""
    writers = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or path == PACKAGE / "queries" / "timeline.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name in {"QueryEvent", "QueryEvent.objects.create", "QueryEvent.objects.get_or_create"}:
                    writers.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert writers == []


def test_the_question_is_the_requesters_first_message_whatever_came_before_it():
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query(subject="Case management", question="Which forms do we use?")
    actions.reply(actor=officer, query=query, body="An internal word first.", internal=True)
    actions.add_information(actor=query.requester, query=query, body="And in Arabic?")
    question = selectors.question(query)
    assert question.body == "Which forms do we use?" and question.kind == Message.Kind.REQUESTER
    assert selectors.question_text(query) == "Case management\nWhich forms do we use?"
    thread = list(query.messages.order_by("created_at", "id"))
    assert selectors.question(query, thread) == question


def test_mail_to_the_requester_goes_in_their_language_or_else_the_querys():
    member = MemberFactory(preferred_language="fr")
    assert make_query(requester=member, language="es").requester_language == "fr"
    contact_query = actions.submit_query(subject="Question", question="Hola", requester_email="a@example.org",
                                         language="es")
    assert contact_query.requester_language == "es"
