"""The communities' archives through the API: who reads which community, its threads and their posts (as on the
website, per role and per archive visibility), page by page."""

import pytest

from cphelpdesk.api.actions import create_token
from cphelpdesk.api.models import ApiToken
from cphelpdesk.communities import actions
from cphelpdesk.communities.models import Community, Post, Subscription
from cphelpdesk.directory.models import Approval
from cphelpdesk.directory.roles import Role
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = pytest.mark.django_db


def bearer(member):
    token = create_token(actor=member, name="test", scope=ApiToken.Scope.READ)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def world():
    public = CommunityFactory(slug="public", visibility=Community.Visibility.PUBLIC)
    members = CommunityFactory(slug="members", visibility=Community.Visibility.MEMBERS)
    closed = CommunityFactory(slug="closed", visibility=Community.Visibility.SUBSCRIBERS)
    subscriber = SubscriptionFactory(community=closed).member
    moderator = MemberFactory()
    closed.moderators.add(moderator)
    return {
        "communities": (public, members, closed),
        "pending": MemberFactory(approval=Approval.PENDING),
        "member": MemberFactory(),
        "subscriber": subscriber,
        "moderator": moderator,
        "officer": staff_with_mfa(Role.OFFICER),
        "manager": staff_with_mfa(Role.MANAGER),
    }


READS = {
    "pending": {"public"},
    "member": {"public", "members"},
    "subscriber": {"public", "members", "closed"},
    "moderator": {"public", "members", "closed"},
    "officer": {"public", "members", "closed"},
    "manager": {"public", "members", "closed"},
}


@pytest.mark.parametrize("who", list(READS))
def test_each_role_lists_and_reads_exactly_the_communities_it_may_read(client, world, who):
    auth = bearer(world[who])
    for community in world["communities"]:
        actions.submit_post(actions.Submission(community=community, subject=f"About {community.slug}", body="Hi",
                                               author_name="Omar", author_email="omar@example.org"))
    listed = client.get("/api/communities", **auth)
    assert listed.status_code == 200
    assert {item["slug"] for item in listed.json()["results"]} == READS[who]
    for community in world["communities"]:
        threads = client.get(f"/api/communities/{community.slug}/threads", **auth)
        if community.slug not in READS[who]:
            assert threads.status_code == 404 and threads["Content-Type"] == "application/problem+json"
            thread_id = community.threads.get().pk
            assert client.get(f"/api/communities/{community.slug}/threads/{thread_id}/posts",
                              **auth).status_code == 404
            continue
        [thread] = threads.json()["results"]
        assert thread["subject"] == f"About {community.slug}" and thread["post_count"] == 1
        posts = client.get(thread["posts"], **auth).json()["results"]
        assert [post["author"] for post in posts] == ["Omar"]
        assert "omar@example.org" not in str(posts)


def test_without_a_token_nothing_is_read(client, world):
    response = client.get("/api/communities")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


def test_a_subscription_is_said_and_held_posts_are_not_read(client, world):
    closed = world["communities"][2]
    auth = bearer(world["subscriber"])
    listed = {item["slug"]: item for item in client.get("/api/communities", **auth).json()["results"]}
    assert listed["closed"]["subscribed"] and not listed["public"]["subscribed"]
    assert listed["closed"]["list_address"] == closed.list_address
    first = actions.submit_post(actions.Submission(community=closed, subject="Forms", body="Any?",
                                                   author_name="A", author_email="a@example.org"))
    actions.submit_post(actions.Submission(community=closed, subject="Re: Forms", body="Held", parent=first,
                                           author_email="b@example.org", hold_reasons=["not_subscribed"]))
    posts = client.get(f"/api/communities/closed/threads/{first.thread_id}/posts", **auth).json()["results"]
    assert [post["body"] for post in posts] == ["Any?"]
    assert Post.objects.filter(status=Post.Status.HELD).count() == 1


def test_a_suspended_or_pending_subscriber_reads_as_the_website_says(client, world):
    closed = world["communities"][2]
    member = world["member"]
    subscription = SubscriptionFactory(community=closed, member=member, status=Subscription.Status.PENDING_APPROVAL)
    auth = bearer(member)
    assert client.get("/api/communities/closed/threads", **auth).status_code == 404
    subscription.status = Subscription.Status.SUSPENDED
    subscription.save()
    assert client.get("/api/communities/closed/threads", **auth).status_code == 200


def test_threads_and_posts_are_read_page_by_page(client, world):
    public = world["communities"][0]
    auth = bearer(world["member"])
    first = actions.submit_post(actions.Submission(community=public, subject="One", body="1",
                                                   author_email="a@example.org"))
    for number in range(2, 5):
        actions.submit_post(actions.Submission(community=public, subject="Re: One", body=str(number), parent=first,
                                               author_email="a@example.org"))
    actions.submit_post(actions.Submission(community=public, subject="Two", body="other",
                                           author_email="a@example.org"))
    page = client.get("/api/communities/public/threads?page_size=1", **auth)
    assert [item["subject"] for item in page.json()["results"]] == ["Two"]
    assert page["Link"].endswith('rel="next"')
    following = client.get(page.json()["next"], **auth).json()
    assert [item["subject"] for item in following["results"]] == ["One"] and following["next"] is None
    bodies, url = [], f"/api/communities/public/threads/{first.thread_id}/posts?page_size=3"
    while url:
        read = client.get(url, **auth).json()
        bodies += [post["body"] for post in read["results"]]
        url = read["next"]
    assert bodies == ["1", "2", "3", "4"]  # oldest first, each once
    assert client.get("/api/communities/public/threads?cursor=forged", **auth).status_code == 400
