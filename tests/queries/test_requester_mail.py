"""How many mails a requester receives over the whole life of a question (issue 14, point 8): the
acknowledgement, the reply, and the answer with its rating link; the thanks for rating is a page. Mail goes
through the outbox to a real SMTP server on loopback."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Outcome, Query
from cphelpdesk.surveys.actions import send_reminders
from cphelpdesk.surveys.models import Rating
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db
RATING = {"appropriateness": "9", "timeliness": "8", "quality": "10", "comment": "Thank you."}


def from_web(capture) -> Query:
    with capture(execute=True):
        return make_query(requester=MemberFactory(full_name="Maria Lopez"))


def from_mail(capture) -> Query:
    raw = (b"From: Jean Dupont <jean.dupont@ngo-mali.example>\nTo: helpdesk@cphelpdesk.localhost\n"
           b"Subject: Terms of reference\n\nCould you share a template?\n\nCordialement,\nJean Dupont\n")
    with capture(execute=True):
        process_safely(store_inbound(raw=raw, channel=InboundMessage.Channel.SMTP))
    return Query.objects.get()


@pytest.mark.parametrize("submit", [from_web, from_mail], ids=["member on the web", "unknown sender by mail"])
def test_a_question_costs_the_requester_three_mails_from_question_to_rating(
        submit, client, inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    query = submit(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(actor=officer, query=query, body="Here is the template we use in Mali.")
        actions.mark_answered(actor=officer, query=query, outcome=Outcome.FULL)
    run_queued_tasks()
    mails = inbox.to(query.requester_email)
    assert [mail["Subject"].split(query.reference, 1)[1][:8] for mail in mails] == [
        " receive", ": a repl", " answere"]
    answer = inbox.body(mails[-1])
    assert "is now answered" in answer and "How did we do?" in answer  # one mail for both
    link = re.search(r"http://[^\s]+(/feedback/[^\s]+/)", answer).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        thanks = client.post(link, RATING, follow=True)
    assert "your rating is saved" in thanks.content.decode()  # the thanks is a page
    assert Rating.objects.filter(query=query).exists()
    # Nor does a reminder follow a rating.
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(timezone.now() + timedelta(days=10))
    run_queued_tasks()
    assert len(inbox.to(query.requester_email)) == 3
