"""Who reads which archive: thread list, thread page, post permalink, downloads, feed and search agree with
`community_access` and `readable_communities`, for every role and every archive visibility."""

import pytest
from django.core.files.base import ContentFile

from cphelpdesk.communities import actions
from cphelpdesk.communities.access import community_access, readable_communities
from cphelpdesk.communities.models import Community, Post, PostAttachment, Subscription
from cphelpdesk.directory.roles import Role
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory, staff_with_mfa

pytestmark = pytest.mark.django_db

PUBLIC, MEMBERS, SUBSCRIBERS = (Community.Visibility.PUBLIC, Community.Visibility.MEMBERS,
                                Community.Visibility.SUBSCRIBERS)
READS = {  # role -> the archive visibilities whose communities it reads (it is subscribed to none but as said)
    "anonymous": {PUBLIC},
    "member pending approval": {PUBLIC},
    "asked to join": {PUBLIC, MEMBERS},
    "approved member": {PUBLIC, MEMBERS},
    "subscriber": {PUBLIC, MEMBERS, SUBSCRIBERS},
    "suspended subscriber": {PUBLIC, MEMBERS, SUBSCRIBERS},
    "moderator": {PUBLIC, MEMBERS, SUBSCRIBERS},
    "owner": {PUBLIC, MEMBERS, SUBSCRIBERS},
    Role.OFFICER: {PUBLIC, MEMBERS, SUBSCRIBERS},
    Role.MANAGER: {PUBLIC, MEMBERS, SUBSCRIBERS},
    Role.EXPERT: {PUBLIC, MEMBERS},
    Role.ADMINISTRATOR: {PUBLIC, MEMBERS},
}
WORDS = {PUBLIC: "xylophone", MEMBERS: "quokka", SUBSCRIBERS: "zeppelin"}


def _person(role: str, communities: dict):
    """The user of `role`, with their standing in every one of `communities`."""
    if role == "anonymous":
        return None
    if role == "member pending approval":
        return MemberFactory(approval="pending")
    if role in (Role.OFFICER, Role.MANAGER, Role.EXPERT, Role.ADMINISTRATOR):
        return staff_with_mfa(role)
    person = MemberFactory()
    for community in communities.values():
        if role == "asked to join":
            SubscriptionFactory(community=community, member=person, status=Subscription.Status.PENDING_APPROVAL)
        elif role == "subscriber":
            SubscriptionFactory(community=community, member=person)
        elif role == "suspended subscriber":
            SubscriptionFactory(community=community, member=person, status=Subscription.Status.SUSPENDED)
        elif role == "moderator":
            community.moderators.add(person)
        elif role == "owner":
            community.owners.add(person)
    return person


@pytest.fixture
def archives(settings, tmp_path):
    """One community per visibility, each with a post carrying a word of its own and an attachment."""
    settings.MEDIA_ROOT = tmp_path
    made = {}
    for visibility in (PUBLIC, MEMBERS, SUBSCRIBERS):
        community = CommunityFactory(visibility=visibility)
        post = actions.submit_post(actions.Submission(
            community=community, subject=f"Question on {WORDS[visibility]}", body=f"About {WORDS[visibility]}.",
            author_email="peer@example.org", via=Post.Via.IMPORT))
        attachment = PostAttachment(post=post, original_name="note.txt", content_type="text/plain", size=4,
                                    sha256="x")
        attachment.file.save("note.txt", ContentFile(b"note"), save=True)
        made[visibility] = (community, post, attachment)
    return made


@pytest.mark.parametrize("role", list(READS))
def test_every_page_of_the_archive_agrees_with_who_may_read_it(client, role, archives):
    communities = {visibility: community for visibility, (community, _post, _file) in archives.items()}
    person = _person(role, communities)
    if person is not None:
        client.force_login(person)
    refused = 302 if person is None else 403
    readable = set(readable_communities(person))
    everything = client.get("/communities/search/", {"q": " OR ".join(WORDS.values())}).content.decode()
    index = client.get("/communities/").content.decode()
    for visibility, (community, post, attachment) in archives.items():
        reads = visibility in READS[role]
        assert community_access(person, community).can_read == reads == (community in readable), (role, visibility)
        base = f"/communities/{community.slug}"
        expected = 200 if reads else refused
        assert client.get(f"{base}/").status_code == expected, (role, visibility, "threads")
        assert client.get(f"{base}/threads/{post.thread_id}/").status_code == expected, (role, visibility, "thread")
        assert client.get(f"{base}/posts/{post.uid}/").status_code == (302 if reads else refused), (role, visibility)
        assert client.get(f"{base}/attachments/{attachment.pk}/").status_code == expected, (role, visibility, "file")
        assert client.get(f"{base}/feed/").status_code == (200 if visibility == PUBLIC else 404), (role, visibility)
        assert (f"{base}/posts/{post.uid}/" in everything) == reads, (role, visibility, "search")
        assert (f'href="{base}/threads/"' in index) == reads, (role, visibility, "index")
        search = client.get(f"{base}/search/", {"q": WORDS[visibility]})
        assert search.status_code == expected, (role, visibility, "search one")
        if reads:
            assert f"{base}/posts/{post.uid}/" in search.content.decode()


def test_an_attachment_of_a_held_post_or_of_another_community_is_not_served(client, archives):
    public, post, attachment = archives[PUBLIC]
    other = CommunityFactory(visibility=PUBLIC)
    assert client.get(f"/communities/{other.slug}/attachments/{attachment.pk}/").status_code == 404
    Post.objects.filter(pk=post.pk).update(status=Post.Status.HELD)
    assert client.get(f"/communities/{public.slug}/attachments/{attachment.pk}/").status_code == 404
