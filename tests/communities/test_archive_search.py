"""Searching the archive: posts are a search source, indexed when published, found only by readers."""

import pytest

from cphelpdesk.communities import actions, indexing, selectors
from cphelpdesk.communities.models import Community, Post
from cphelpdesk.search import index as search_index
from cphelpdesk.search.models import SearchEntry
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _post(community, subject, body, **fields):
    return actions.submit_post(actions.Submission(community=community, subject=subject, body=body,
                                                  author_email="peer@example.org", **fields))


def test_a_published_post_is_found_a_held_one_only_once_approved():
    community = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    member = MemberFactory()
    _post(community, "Alternative care", "Kinship care guidance for the emergency")
    held = _post(community, "Foster families", "Temporary foster families list", hold_reasons=["moderated"])
    found, results = selectors.search_posts(member, "kinship")
    assert [item.post.subject for item in found] == ["Alternative care"] and results.total == 1
    assert selectors.search_posts(member, "foster")[1].total == 0
    actions.approve(held, actor=MemberFactory())
    found, _results = selectors.search_posts(member, "foster")
    assert [item.post.pk for item in found] == [held.pk]
    assert "<mark>" in str(found[0].snippet_html)


def test_results_are_only_from_archives_the_searcher_reads_and_one_community_narrows_them():
    members_only = CommunityFactory(visibility=Community.Visibility.MEMBERS)
    closed = CommunityFactory(visibility=Community.Visibility.SUBSCRIBERS)
    other = CommunityFactory(visibility=Community.Visibility.MEMBERS)
    _post(members_only, "Psychosocial support", "PSS kits in schools")
    _post(closed, "Psychosocial support too", "PSS in the closed group")
    _post(other, "Psychosocial", "PSS elsewhere")
    outsider, subscriber = MemberFactory(), SubscriptionFactory(community=closed).member
    assert selectors.search_posts(None, "PSS")[1].total == 0
    assert {item.post.community for item in selectors.search_posts(outsider, "PSS")[0]} == {members_only, other}
    assert {item.post.community for item in selectors.search_posts(subscriber, "PSS")[0]} == {
        members_only, closed, other}
    assert {item.post.community for item in selectors.search_posts(subscriber, "PSS", community=closed)[0]} == {
        closed}
    assert selectors.search_posts(outsider, "PSS", community=closed)[1].total == 0


def test_the_search_pages_show_hits_with_links_to_the_posts(client):
    community = CommunityFactory(visibility=Community.Visibility.PUBLIC)
    post = _post(community, "Case management", "Interagency SOPs for case management")
    page = client.get(f"/communities/{community.slug}/search/", {"q": "SOPs"}).content.decode()
    assert f"/communities/{community.slug}/posts/{post.uid}/" in page and "1 post found" in page
    everywhere = client.get("/communities/search/", {"q": "SOPs"}).content.decode()
    assert f"/posts/{post.uid}/" in everywhere
    assert 'role="search"' in client.get(f"/communities/{community.slug}/").content.decode()


def test_the_source_rebuilds_every_published_post():
    community = CommunityFactory()
    published = _post(community, "Rebuilt", "Words to find again")
    _post(community, "Held", "Never indexed", hold_reasons=["moderated"])
    SearchEntry.objects.filter(kind=indexing.KIND).delete()
    assert search_index.rebuild([indexing.KIND]) == 1
    assert list(SearchEntry.objects.filter(kind=indexing.KIND).values_list("object_id", flat=True)) == [published.pk]
    assert Post.objects.count() == 2
