"""The subscriptions page: every community a member may see, joined, left and set up by themselves."""

import pytest

from cphelpdesk.communities.models import Community, Subscription
from cphelpdesk.core.models import AuditEntry
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def _change(client, community, action, **data):
    return client.post(f"/communities/subscriptions/{community.slug}/",
                       {"action": action, **{f"{community.slug}-{key}": value for key, value in data.items()}})


def test_the_page_lists_what_the_member_may_see_and_offers_what_they_may_do(client):
    member = MemberFactory()
    open_one = CommunityFactory(name="Open forum", joining=Community.Joining.OPEN)
    on_approval = CommunityFactory(name="Approval group", joining=Community.Joining.APPROVAL,
                                   visibility=Community.Visibility.SUBSCRIBERS)
    CommunityFactory(name="Hidden circle", joining=Community.Joining.INVITATION,
                     visibility=Community.Visibility.SUBSCRIBERS)
    invited = CommunityFactory(name="Invited circle", joining=Community.Joining.INVITATION,
                               visibility=Community.Visibility.SUBSCRIBERS)
    SubscriptionFactory(community=invited, member=member, delivery=Subscription.Delivery.DAILY)
    client.force_login(member)
    page = client.get("/communities/subscriptions/")
    body = page.content.decode()
    names = [row.community.name for row, _form in page.context["rows"]]
    assert names == ["Approval group", "Invited circle", "Open forum"]  # not the invitation-only one they are not in
    assert "Ask to join" in body and ">Join<" in body and "Leave this community" in body
    assert 'value="daily" selected' in body
    assert {row.community: row.can_join for row, _form in page.context["rows"]} == {
        on_approval: True, invited: False, open_one: True}


def test_joining_an_open_community_is_at_once_and_on_approval_waits(client, inbox,
                                                                   django_capture_on_commit_callbacks):
    member = MemberFactory()
    open_one = CommunityFactory(joining=Community.Joining.OPEN)
    on_approval = CommunityFactory(joining=Community.Joining.APPROVAL)
    client.force_login(member)
    response = _change(client, open_one, "join", delivery="weekly")
    assert response.status_code == 302
    joined = Subscription.objects.get(community=open_one, member=member)
    assert (joined.status, joined.delivery) == (Subscription.Status.ACTIVE, Subscription.Delivery.WEEKLY)
    _change(client, on_approval, "join", delivery="each")
    assert Subscription.objects.get(community=on_approval, member=member).status == \
        Subscription.Status.PENDING_APPROVAL
    page = client.get("/communities/subscriptions/").content.decode()
    assert "Waiting for a moderator" in page
    moderator = MemberFactory(email="moderator@example.org")
    on_approval.moderators.add(moderator)
    later = MemberFactory()
    client.force_login(later)
    with django_capture_on_commit_callbacks(execute=True):
        _change(client, on_approval, "join", delivery="each")
    run_queued_tasks()
    assert inbox.to("moderator@example.org")  # the moderators are asked, as for a join by mail
    assert AuditEntry.objects.filter(action="community_subscription.created").count() == 3


def test_invitation_only_and_unapproved_members_cannot_join(client):
    invitation = CommunityFactory(joining=Community.Joining.INVITATION)
    client.force_login(MemberFactory())
    assert _change(client, invitation, "join").status_code == 403
    open_one = CommunityFactory(joining=Community.Joining.OPEN)
    client.force_login(MemberFactory(approval="pending"))
    assert _change(client, open_one, "join").status_code == 403
    assert not Subscription.objects.exists()


def test_delivery_and_duplicates_change_and_leaving_ends_the_subscription(client):
    subscription = SubscriptionFactory()
    community = subscription.community
    client.force_login(subscription.member)
    _change(client, community, "delivery", delivery="web")
    subscription.refresh_from_db()
    assert subscription.delivery == Subscription.Delivery.WEB_ONLY and not subscription.avoid_duplicates
    _change(client, community, "delivery", delivery="daily", avoid_duplicates="on")
    subscription.refresh_from_db()
    assert subscription.delivery == Subscription.Delivery.DAILY and subscription.avoid_duplicates
    _change(client, community, "delivery", delivery="daily", avoid_duplicates="on", digest_format="plain")
    subscription.refresh_from_db()
    assert subscription.digest_format == Subscription.DigestFormat.PLAIN and not subscription.receive_own_posts
    _change(client, community, "delivery", delivery="hourly")
    subscription.refresh_from_db()
    assert subscription.delivery == Subscription.Delivery.DAILY
    _change(client, community, "leave")
    assert not Subscription.objects.exists()


def test_changes_are_post_only_with_csrf_and_for_signed_in_members(client):
    community = CommunityFactory()
    assert client.get("/communities/subscriptions/").status_code == 302
    assert _change(client, community, "join").status_code == 302 and not Subscription.objects.exists()
    member = MemberFactory()
    client.force_login(member)
    assert client.get(f"/communities/subscriptions/{community.slug}/").status_code == 405
    from django.test import Client

    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(member)
    assert guarded.post(f"/communities/subscriptions/{community.slug}/", {"action": "join"}).status_code == 403
    assert not Subscription.objects.exists()


def test_the_member_is_told_what_happened(client):
    community = CommunityFactory(name="CPIE group", joining=Community.Joining.OPEN)
    client.force_login(MemberFactory())
    page = client.post(f"/communities/subscriptions/{community.slug}/", {"action": "join"}, follow=True)
    assert "You have joined CPIE group." in page.content.decode()
    page = client.post(f"/communities/subscriptions/{community.slug}/", {"action": "leave"}, follow=True)
    assert "You have left CPIE group." in page.content.decode()


def test_a_second_click_on_join_or_leave_tells_the_same_news_without_an_error(client):
    community = CommunityFactory(name="CPIE group", joining=Community.Joining.OPEN)
    on_approval = CommunityFactory(name="IM group", joining=Community.Joining.APPROVAL)
    client.force_login(MemberFactory())
    for _click in range(2):
        page = client.post(f"/communities/subscriptions/{community.slug}/", {"action": "join"}, follow=True)
        assert page.status_code == 200 and "You have joined CPIE group." in page.content.decode()
        page = client.post(f"/communities/subscriptions/{on_approval.slug}/", {"action": "join"}, follow=True)
        assert "Your request to join IM group waits for a moderator" in page.content.decode()
    assert Subscription.objects.count() == 2
    assert AuditEntry.objects.filter(action="community_subscription.created").count() == 2
    for _click in range(2):
        page = client.post(f"/communities/subscriptions/{community.slug}/", {"action": "leave"}, follow=True)
        assert page.status_code == 200 and "You have left CPIE group." in page.content.decode()
    assert not Subscription.objects.filter(community=community).exists()


def test_leaving_a_community_one_may_not_see_is_refused(client):
    hidden = CommunityFactory(joining=Community.Joining.INVITATION, visibility=Community.Visibility.SUBSCRIBERS)
    client.force_login(MemberFactory())
    assert _change(client, hidden, "leave").status_code == 403


def test_the_page_is_in_the_members_language(client):
    client.force_login(MemberFactory(preferred_language="ar"))
    page = client.get("/communities/subscriptions/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
