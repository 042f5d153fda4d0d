"""On PostgreSQL, members asking for the last place at the same moment are served one after the other: one
place, the others on the waitlist in order (the session row is locked while places are counted)."""

import threading

import pytest
from django.db import connection

from cphelpdesk.learning.actions import enrolment, sessions
from cphelpdesk.learning.models import SessionRegistration
from tests.factories import MemberFactory
from tests.learning.factories import LiveSessionFactory

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers anyway")]


def test_the_last_place_goes_to_one_member_only(reference_data):
    session = LiveSessionFactory(capacity=1)
    members = MemberFactory.create_batch(6)
    for member in members:
        enrolment.enrol(actor=member, member=member, pathway=session.step.pathway)
    start = threading.Barrier(len(members))

    def ask(member):
        try:
            start.wait()
            sessions.register(actor=member, session=session)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = list(session.registrations.values_list("status", flat=True))
    assert sorted(statuses) == [SessionRegistration.Status.REGISTERED] + [SessionRegistration.Status.WAITLISTED] * 5
