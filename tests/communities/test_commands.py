"""Joining and leaving by mail (`<list>-join@`, `<list>-leave@`), confirmed by a reply or by a link (POST)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cphelpdesk.communities.access import community_access
from cphelpdesk.communities.models import Community, Subscription
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.communities.mailpath import deliver, message, reply_address
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def _link(mail) -> str:
    """The path of the confirmation link in a mail."""
    url = re.search(r"https?://\S+/communities/confirm/\S+/", mail.get_body(preferencelist=("plain",)).get_content())
    return "/" + url.group(0).split("://", 1)[1].split("/", 1)[1]


def test_an_unknown_address_joins_an_open_public_list_by_replying_to_the_confirmation(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(slug="cpie", visibility=Community.Visibility.PUBLIC)
    join = community.command_address("join")
    assert deliver(django_capture_on_commit_callbacks, message("Field Worker <field@ngo.example>", join, "join", ""),
                   join) == "cpie: join to confirm"
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING_CONFIRMATION and subscription.member is None
    [confirmation] = inbox.to("field@ngo.example")
    address = reply_address(confirmation)
    assert address.startswith("cpie-confirm+j") and len(address.split("@")[0]) <= 64
    inbox.clear()
    assert deliver(django_capture_on_commit_callbacks, message("field@ngo.example", address,
                                                               f"Re: {confirmation['Subject']}", "> quoted"),
                   address) == "cpie: joined"
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE and subscription.display_name == "Field Worker"
    assert "Welcome" in inbox.to("field@ngo.example")[0]["Subject"]
    # The same confirmation again does nothing.
    assert "not valid or used" in deliver(django_capture_on_commit_callbacks, message(
        "field@ngo.example", address, "Re: again", "yes"), address)


def test_a_member_joins_a_list_on_approval_by_the_link_then_a_moderator_approves_by_mail(
        client, inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(slug="coord", joining=Community.Joining.APPROVAL)
    moderator = MemberFactory(email="mod@unicef.example")
    community.moderators.add(moderator)
    member = MemberFactory(email="amal@ngo.example")
    join = community.command_address("join")
    deliver(django_capture_on_commit_callbacks, message(member.email, join, "subscribe", ""), join)
    link = _link(inbox.to(member.email)[0])
    inbox.clear()
    assert client.get(link).status_code == 200  # a link scanner's GET confirms nothing
    assert Subscription.objects.get().status == Subscription.Status.PENDING_CONFIRMATION
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(link)
    run_queued_tasks()
    assert page.status_code == 200 and "moderator" in page.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING_APPROVAL and subscription.member == member
    [request] = inbox.to(moderator.email)
    assert member.email in inbox.body(request)
    address = reply_address(request)
    inbox.clear()
    deliver(django_capture_on_commit_callbacks, message(moderator.email, address, "Re: request", "approve"), address)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    assert "Welcome" in inbox.to(member.email)[0]["Subject"]


@pytest.mark.parametrize(("joining", "member"), [(Community.Joining.INVITATION, True),
                                                 (Community.Joining.APPROVAL, False)])
def test_joining_is_refused_politely_where_the_policy_says_so(joining, member, inbox,
                                                              django_capture_on_commit_callbacks):
    community = CommunityFactory(joining=joining)
    address = MemberFactory().email if member else "stranger@example.net"
    join = community.command_address("join")
    assert "refused" in deliver(django_capture_on_commit_callbacks, message(address, join, "join", ""), join)
    assert not Subscription.objects.exists()
    [notice] = inbox.to(address)
    assert ("invitation" in inbox.body(notice)) == (joining == Community.Joining.INVITATION)


def test_an_unknown_address_on_an_open_members_only_list_waits_for_a_moderator(
        client, inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(visibility=Community.Visibility.MEMBERS)
    join = community.command_address("join")
    deliver(django_capture_on_commit_callbacks, message("someone@example.net", join, "join", ""), join)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(inbox.to("someone@example.net")[0]))
    assert Subscription.objects.get().status == Subscription.Status.PENDING_APPROVAL


def test_leaving_by_mail_is_confirmed_then_done(inbox, django_capture_on_commit_callbacks):
    subscription = SubscriptionFactory(member=MemberFactory(email="leaver@ngo.example"),
                                       status=Subscription.Status.SUSPENDED)
    leave = subscription.community.command_address("leave")
    deliver(django_capture_on_commit_callbacks, message("leaver@ngo.example", leave, "unsubscribe", ""), leave)
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    [confirmation] = inbox.to("leaver@ngo.example")
    address = reply_address(confirmation)
    inbox.clear()
    deliver(django_capture_on_commit_callbacks, message("leaver@ngo.example", address, "Re: confirm", ""), address)
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert "You have left" in inbox.to("leaver@ngo.example")[0]["Subject"]


def test_leaving_an_unsubscribed_address_says_so_and_machines_get_no_answer(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    leave, join = community.command_address("leave"), community.command_address("join")
    assert "not subscribed" in deliver(django_capture_on_commit_callbacks,
                                       message("nobody@example.net", leave, "leave", ""), leave)
    assert "not subscribed" in inbox.body(inbox.to("nobody@example.net")[0])
    outcome = deliver(django_capture_on_commit_callbacks, message("noreply@example.net", join, "join", ""), join)
    assert "not answered" in outcome and not inbox.to("noreply@example.net") and not Subscription.objects.exists()


def test_a_tampered_confirmation_link_is_refused(client):
    subscription = SubscriptionFactory(status=Subscription.Status.PENDING_CONFIRMATION)
    response = client.post(f"/communities/confirm/j{subscription.pk}-0123456789abcdef0123/")
    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING_CONFIRMATION


def test_mail_to_the_owner_address_reaches_the_owners_and_moderators(inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(slug="cpie")
    owner, moderator = MemberFactory(), MemberFactory()
    community.owners.add(owner)
    community.moderators.add(moderator)
    address = community.command_address("owner")
    outcome = deliver(django_capture_on_commit_callbacks, message("Lina <lina@ngo.example>", address,
                                                                  "Can I join?", "I coordinate in Gaziantep."), address)
    assert outcome == "cpie: to the owners (2)"
    for person in (owner, moderator):
        [passed_on] = inbox.to(person.email)
        assert reply_address(passed_on) == "lina@ngo.example" and "Gaziantep" in inbox.body(passed_on)


def test_an_unconfirmed_request_expires_and_never_stands_in_the_way_of_joining_on_the_web(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    member = MemberFactory(email="target@ngo.example")
    join = community.command_address("join")
    deliver(django_capture_on_commit_callbacks, message(member.email, join, "join", "", proven=False), join)
    assert community_access(member, community).can_join
    address = reply_address(inbox.to(member.email)[0])
    Subscription.objects.update(subscribed_at=timezone.now() - timedelta(days=15))
    assert "not valid or used" in deliver(django_capture_on_commit_callbacks,
                                          message(member.email, address, "Re", ""), address)
    assert Subscription.objects.get().status == Subscription.Status.PENDING_CONFIRMATION
