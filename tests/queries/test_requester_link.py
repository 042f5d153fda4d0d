"""A requester without an account follows their own query (issue 14, point 2): the acknowledgement and every
later mail carry a signed, expiring link to a page with the answers, a form to add information and the
rating; the link is rotated on use, like the feedback link."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.queries import actions, requester_links
from cphelpdesk.queries.models import Message, Outcome, Query, RequesterLink, Status
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db
ADDRESS = "jean.dupont@ngo-mali.example"


@pytest.fixture
def officer():
    return staff_with_mfa(Role.OFFICER)


def link_in(mail) -> str:
    body = mail.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://[^\s]+(/queries/CPH-[^\s]+/follow/[^\s]+/)", body).group(1)


@pytest.fixture
def query_by_mail(inbox, django_capture_on_commit_callbacks):
    raw = (f"From: Jean Dupont <{ADDRESS}>\nTo: helpdesk@cphelpdesk.localhost\nSubject: Terms of reference\n\n"
           "Could you share a template?\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        process_safely(store_inbound(raw=raw, channel=InboundMessage.Channel.SMTP))
    run_queued_tasks()
    return Query.objects.get()


def test_the_acknowledgement_links_to_a_page_that_needs_no_login(client, inbox, officer, query_by_mail,
                                                                 django_capture_on_commit_callbacks):
    query = query_by_mail
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(actor=officer, query=query, body="Here is the template we use.")
        actions.reply(actor=officer, query=query, body="Internal: check the budget line", internal=True)
    run_queued_tasks()
    [acknowledgement, reply] = inbox.to(ADDRESS)
    path = link_in(acknowledgement)
    assert client.get(link_in(reply)).status_code == 200  # a mail does not use the link up: both work
    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200 and query.reference in html
    assert "Here is the template we use." in html and "check the budget line" not in html  # no internal notes
    assert 'href="/accounts/signup/"' in html  # the invitation to create an account
    assert 'name="body"' in html  # the form to add information


def test_adding_information_rotates_the_link(client, inbox, query_by_mail, django_capture_on_commit_callbacks):
    query = query_by_mail
    path = link_in(inbox.to(ADDRESS)[0])
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(path, {"body": "We are three organisations in the group."})
    assert sent.status_code == 302 and "sent=1" in sent["Location"]
    fresh = sent["Location"].split("?")[0]
    assert fresh != path
    message = query.messages.order_by("created_at", "id").last()
    assert message.kind == Message.Kind.REQUESTER and message.body == "We are three organisations in the group."
    assert message.author is None and message.author_name == "Jean Dupont"
    assert "your message has reached the helpdesk" in client.get(sent["Location"]).content.decode()
    # Reused: refused, and nothing is added.
    reused = client.post(path, {"body": "Again"})
    assert reused.status_code == 410 and "already used" in reused.content.decode()
    assert client.get(path).status_code == 410
    assert query.messages.count() == 2
    assert client.get(fresh).status_code == 200


def test_the_answered_requester_rates_from_the_page(client, inbox, officer, query_by_mail,
                                                    django_capture_on_commit_callbacks):
    query = query_by_mail
    with django_capture_on_commit_callbacks(execute=True):
        actions.mark_answered(actor=officer, query=query, outcome=Outcome.FULL)
    run_queued_tasks()
    page = client.get(link_in(inbox.to(ADDRESS)[-1])).content.decode()
    rate = re.search(r'href="(/feedback/[^"]+/)"', page).group(1)
    assert client.get(rate).status_code == 200


def test_tampered_forged_and_wrong_query_links_are_refused(client, query_by_mail):
    query = query_by_mail
    link = RequesterLink.objects.get(query=query)
    token = requester_links.token(link)
    assert client.get(f"/queries/{query.reference}/follow/{token}x/").status_code == 400
    forged = signing.dumps([query.pk, link.nonce], salt="cphelpdesk.surveys.feedback")  # another link's salt
    assert client.get(f"/queries/{query.reference}/follow/{forged}/").status_code == 400
    other = make_query()
    assert client.get(f"/queries/{other.reference}/follow/{token}/").status_code == 400
    assert client.get(f"/queries/{query.reference}/follow/not-a-token/").status_code == 400


def test_an_expired_link_is_refused(client, query_by_mail):
    query = query_by_mail
    link = RequesterLink.objects.get(query=query)
    RequesterLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    path = f"/queries/{query.reference}/follow/{requester_links.token(link)}/"
    page = client.get(path)
    assert page.status_code == 410 and "expired" in page.content.decode()
    assert client.post(path, {"body": "Late"}).status_code == 410
    assert query.messages.count() == 1


def test_a_withdrawn_linked_or_erased_query_is_no_longer_followed_by_link(client, officer, query_by_mail):
    query = query_by_mail
    path = f"/queries/{query.reference}/follow/{requester_links.token(RequesterLink.objects.get(query=query))}/"
    member = MemberFactory(email=ADDRESS)
    actions.link_requester(actor=officer, query=query, member=member)
    page = client.get(path)
    assert page.status_code == 410 and "log in" in page.content.decode()
    Query.objects.filter(pk=query.pk).update(requester=None, status=Status.WITHDRAWN)
    assert client.get(path).status_code == 410
    Query.objects.filter(pk=query.pk).update(status=Status.IN_PROGRESS, requester_email="")  # address erased
    assert client.get(path).status_code == 410


@pytest.mark.parametrize("role", [None, Role.MEMBER, Role.OFFICER, Role.EXPERT])
def test_whoever_opens_the_link_sees_the_requesters_view_only(role, client, officer, query_by_mail,
                                                               django_capture_on_commit_callbacks):
    """The link is the requester's credential: logged in or not, as anyone, it shows what the requester sees
    (never internal notes) and adds a message in the requester's name, not the visitor's."""
    query = query_by_mail
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(actor=officer, query=query, body="Internal: the requester seems new", internal=True)
    if role is not None:
        client.force_login(staff_with_mfa(role) if role != Role.MEMBER else MemberFactory())
    path = f"/queries/{query.reference}/follow/{requester_links.token(RequesterLink.objects.get(query=query))}/"
    html = client.get(path).content.decode()
    assert "Could you share a template?" in html and "seems new" not in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path, {"body": "More details"}).status_code == 302
    message = query.messages.order_by("created_at", "id").last()
    assert message.kind == Message.Kind.REQUESTER and message.author is None


def test_a_member_gets_no_link_but_their_query_page(inbox, django_capture_on_commit_callbacks):
    member = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        query = make_query(requester=member)
    run_queued_tasks()
    [acknowledgement] = inbox.to(member.email)
    assert f"/queries/{query.reference}/\n" in acknowledgement.get_body(preferencelist=("plain",)).get_content(
        ).replace("\r\n", "\n")
    assert not RequesterLink.objects.exists()
