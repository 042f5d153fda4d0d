"""Referrals answered by people without an account; the gap register."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Gap, Message, Referral, Status
from cphelpdesk.taxonomy.models import Topic
from tests.factories import make_query, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return staff_with_mfa(Role.OFFICER)


def refer(officer, query, email="im-taskforce@alliance.example.org"):
    return actions.refer(actor=officer, query=query, destination="working_group", recipient_name="IM task force",
                         recipient_email=email, reason="They maintain the 5W guidance.")


def test_a_non_member_answers_by_the_mailed_link_and_it_lands_as_a_private_note(
        client, inbox, officer, django_capture_on_commit_callbacks):
    query = make_query()
    actions.assign(actor=officer, query=query, member=officer)
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(officer, query)
    run_queued_tasks()
    [mail] = inbox.to("im-taskforce@alliance.example.org")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Could you share a template" in body  # the question travels with the referral
    path = re.search(r"http://[^\s]+(/referrals/[^\s]+/)", body).group(1)
    query.refresh_from_db()
    assert query.status == Status.REFERRED and query.paused_at is not None

    page = client.get(path)
    assert page.status_code == 200 and query.subject in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, {"body": "Use the 5W template v3.", "name": "Dana, IM TF"})
    assert done.status_code == 302
    note = Message.objects.get(query=query, kind=Message.Kind.NOTE)
    assert note.body == "Use the 5W template v3." and note.author_name == "Dana, IM TF"
    referral.refresh_from_db()
    query.refresh_from_db()
    assert referral.status == Referral.Status.ANSWERED and query.status == Status.IN_PROGRESS
    assert "Thank you" in client.get(path).content.decode()
    assert client.post(path, {"body": "again", "name": "x"}).status_code == 200  # no second answer
    assert Message.objects.filter(query=query, kind=Message.Kind.NOTE).count() == 1
    # The requester never sees it; the assignee was told.
    client.force_login(query.requester)
    assert "5W template v3" not in client.get(reverse("queries:detail", args=[query.reference])).content.decode()
    run_queued_tasks()
    assert inbox.to(officer.email)


def test_tampered_and_expired_links_are_refused(client, officer, settings):
    referral = refer(officer, make_query())
    token = actions.referral_token(referral)
    assert client.get(reverse("queries:referral_answer", args=[token[:-2] + "xx"])).status_code == 404
    settings.HELPDESK_LINK_MAX_AGE_DAYS = -1
    assert client.get(reverse("queries:referral_answer", args=[token])).status_code == 410
    other_salt = signing.TimestampSigner(salt="something-else").sign(str(referral.pk))
    settings.HELPDESK_LINK_MAX_AGE_DAYS = 30
    assert client.get(reverse("queries:referral_answer", args=[other_salt])).status_code == 404


def test_gap_register(client, officer):
    query = make_query()
    gap = actions.flag_gap(actor=officer, query=query, title="No guidance on remote CP case management",
                           topic=Topic.objects.get(code="THEM.CM"))
    other = make_query()
    actions.flag_gap(actor=officer, query=other, gap=gap)
    assert set(gap.queries.all()) == {query, other}
    client.force_login(officer)
    page = client.get(reverse("queries:gaps")).content.decode()
    assert "No guidance on remote CP case management" in page and query.reference in page
    client.post(reverse("queries:gap_update", args=[gap.pk]), {"status": "taken_to_wg",
                                                               "working_group": "CM Task Force"})
    gap.refresh_from_db()
    assert gap.status == Gap.Status.TAKEN_TO_WORKING_GROUP and gap.taken_to_wg_at and gap.working_group
    assert query.events.filter(kind="gap_updated").exists()


def test_only_officers_update_the_gap_register(client):
    expert = staff_with_mfa(Role.EXPERT)
    gap = Gap.objects.create(title="x")
    client.force_login(expert)
    assert client.get(reverse("queries:gaps")).status_code == 200
    assert client.post(reverse("queries:gap_update", args=[gap.pk]), {"status": "addressed"}).status_code == 403


def test_a_referral_link_closes_when_its_query_is_withdrawn(client, officer):
    query = make_query()
    referral = actions.refer(actor=officer, query=query, destination="working_group", recipient_name="WG",
                             recipient_email="wg@example.org", reason="Standards")
    actions.withdraw(actor=query.requester, query=query)
    page = client.get(reverse("queries:referral_answer", args=[actions.referral_token(referral)]))
    assert page.status_code == 410 and query.subject not in page.content.decode()


def test_answered_referral_page_shows_nothing_of_the_query(client, officer):
    query = make_query(subject="Confidential subject")
    referral = actions.refer(actor=officer, query=query, destination="working_group", recipient_name="WG",
                             recipient_email="wg@example.org", reason="Standards")
    actions.answer_referral(referral=referral, body="Answer")
    page = client.get(reverse("queries:referral_answer", args=[actions.referral_token(referral)])).content.decode()
    assert "Thank you" in page and "Confidential subject" not in page and "Could you share" not in page


def test_gap_register_lists_only_visible_queries(client, officer):
    seen, hidden = make_query(), make_query()
    gap = actions.flag_gap(actor=officer, query=seen, title="A gap")
    actions.flag_gap(actor=officer, query=hidden, gap=gap)
    expert = staff_with_mfa(Role.EXPERT)
    actions.assign(actor=officer, query=seen, member=expert, role="expert")
    client.force_login(expert)
    page = client.get(reverse("queries:gaps")).content.decode()
    assert seen.reference in page and hidden.reference not in page
