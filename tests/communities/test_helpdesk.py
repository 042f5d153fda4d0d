"""The helpdesk joined to its communities: a thread becomes a query, its answer goes back to the thread, a
thread peers answered is banked through the library's review."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cphelpdesk.communities import actions, helpdesk
from cphelpdesk.communities.models import Post, Thread
from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.roles import Role
from cphelpdesk.library import actions as library_actions
from cphelpdesk.library.models import RedactionFlag, Resource
from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.queries.models import Channel, EventKind, Query
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers():
    return staff_with_mfa(Role.OFFICER), staff_with_mfa(Role.OFFICER)


def _post(community, subject, body, author=None, name="", email="", parent=None, via=Post.Via.WEB):
    return actions.submit_post(actions.Submission(
        community=community, subject=subject, body=body, via=via, author=author,
        author_name=name or (author.full_name if author else ""),
        author_email=email or (author.email if author else ""), parent=parent))


@pytest.fixture
def discussion():
    """A community with three each-post subscribers and a question a member asked."""
    community = CommunityFactory(slug="coordinators")
    poster = MemberFactory(full_name="Aminata Diallo", email="aminata@example.org")
    subscriptions = [SubscriptionFactory(community=community, member=poster),
                     SubscriptionFactory(community=community), SubscriptionFactory(community=community)]
    first = _post(community, "Terms of reference for a sub-national group",
                  "Does anyone have terms of reference for a sub-national CP working group?", author=poster)
    return community, first, subscriptions


def test_turning_a_thread_into_a_query_makes_the_poster_the_requester_and_links_both_ways(
        client, discussion, officers):
    community, first, _subscriptions = discussion
    officer = officers[0]
    client.force_login(officer)
    thread_url = f"/communities/{community.slug}/threads/{first.thread_id}/"
    assert "Turn into a query" in client.get(thread_url).content.decode()
    response = client.post(thread_url + "query/")
    query = Query.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/queries/{query.reference}/"
    assert query.requester == first.author and query.channel == Channel.LIST
    assert any(query.reference in mail.subject and mail.to == [first.author.email]
               for mail in OutboundMessage.objects.all())  # the poster hears their question is a query
    assert query.messages.get().body == first.body and query.subject == first.thread.subject
    thread = Thread.objects.get(pk=first.thread_id)
    assert thread.query == query
    event = query.events.get(kind=EventKind.RAISED_FROM_THREAD)
    assert event.actor == officer and event.data["thread"] == thread.pk and event.data["community"] == "coordinators"
    page = client.get(f"/queries/{query.reference}/").content.decode()
    assert thread_url in page and "Raised from a community thread" in page
    assert f"This thread is query {query.reference}" in client.get(thread_url).content.decode()
    # Only staff see that a query exists: the poster and the public archive's readers do not.
    client.force_login(first.author)
    assert query.reference not in client.get(thread_url).content.decode()
    assert AuditEntry.objects.filter(action="community_thread.query_raised").count() == 1
    client.force_login(officer)
    client.post(thread_url + "query/")
    assert Query.objects.count() == 1  # once only


def test_a_poster_without_an_account_becomes_an_unverified_contact(client, discussion, officers):
    community, first, _subscriptions = discussion
    reply = _post(community, "Re: Terms of reference", "We used the global CPAoR template, adapted.",
                  name="Jean Mukendi", email="jean@ngo.example", parent=first, via=Post.Via.CHAT)
    client.force_login(officers[0])
    thread_url = f"/communities/{community.slug}/threads/{first.thread_id}/"
    assert f'<option value="{reply.uid}">Jean Mukendi' in client.get(thread_url).content.decode()
    other = _post(community, "Another question", "Elsewhere", name="X", email="x@ngo.example")
    for wrong in ("not-a-uuid", str(other.uid)):  # a post of another thread is refused like garbage
        assert client.post(thread_url + "query/", {"post": wrong})["Location"] == thread_url
    assert not Query.objects.exists()
    client.post(thread_url + "query/", {"post": str(reply.uid)})
    query = Query.objects.get()
    assert query.requester is None and query.requester_email == "jean@ngo.example"
    assert query.requester_name == "Jean Mukendi" and query.channel == Channel.CHAT
    assert query.messages.get().body == reply.body


def test_the_answer_posted_back_reaches_the_subscribers_without_internal_notes(
        client, inbox, discussion, officers, django_capture_on_commit_callbacks):
    community, first, subscriptions = discussion
    officer = officers[0]
    query = helpdesk.raise_query(actor=officer, thread=first.thread)
    query_actions.reply(actor=officer, query=query, body="INTERNAL: ask the regional focal point first.",
                        internal=True)
    with pytest.raises(ValidationError):
        helpdesk.post_answer(actor=officer, thread=first.thread)  # not answered yet
    query_actions.reply(actor=officer, query=query, body="Here are model terms of reference: see section 3.")
    query_actions.mark_answered(actor=officer, query=query, outcome="full")
    run_queued_tasks()
    inbox.clear()
    client.force_login(officer)
    page = client.get(f"/queries/{query.reference}/").content.decode()
    assert "Post the answer to the thread" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/communities/{community.slug}/threads/{first.thread_id}/answer/", {"back": "query"})
    assert response["Location"] == f"/queries/{query.reference}/"
    run_queued_tasks()
    post = Post.objects.get(via=Post.Via.HELPDESK)
    assert post.thread_id == first.thread_id and post.status == Post.Status.PUBLISHED
    assert post.body == "Here are model terms of reference: see section 3."
    for subscription in subscriptions:
        [copy] = [item for item in inbox.to(subscription.member.email) if item["List-Id"] and "Re:" in item["Subject"]]
        text = copy.get_body(("plain",)).get_content()
        assert "model terms of reference" in text and "INTERNAL" not in text
        assert copy["In-Reply-To"] == f"<{first.message_id}>"
    assert query.events.filter(kind=EventKind.ANSWER_POSTED_TO_THREAD).count() == 1
    assert AuditEntry.objects.filter(action="community_thread.answer_posted", actor=officer).exists()
    assert "Post the answer to the thread" not in client.get(f"/queries/{query.reference}/").content.decode()
    with pytest.raises(ValidationError):
        helpdesk.post_answer(actor=officer, thread=first.thread)  # once


def test_an_individual_case_has_no_answer_to_post_back(discussion, officers):
    _community, first, _subscriptions = discussion
    officer = officers[0]
    query = helpdesk.raise_query(actor=officer, thread=first.thread)
    query_actions.reply(actor=officer, query=query, body="We cannot advise on an individual child here.")
    query_actions.close_as_individual_case(actor=officer, query=query)
    query.refresh_from_db()
    assert query.answered_at is not None and helpdesk.answer_to_post(query) is None
    with pytest.raises((ValidationError, PermissionDenied)):  # strictly confidential now: its officers only
        helpdesk.post_answer(actor=officer, thread=first.thread)
    assert not Post.objects.filter(via=Post.Via.HELPDESK).exists()


def test_a_thread_peers_answered_is_banked_through_the_review_and_a_second_approval(
        client, discussion, officers):
    community, first, _subscriptions = discussion
    author, reviewer = officers
    with pytest.raises(ValidationError):
        helpdesk.bank_thread(actor=author, thread=first.thread)  # nobody answered yet
    peer = MemberFactory(full_name="Jean Mukendi", email="jean@ngo.example")
    _post(community, "Re: Terms of reference", "Aminata, we adapted the CPAoR template; ask Jean Mukendi's "
          "team. It helped with the case of Kadiatou Traoré, 11 ans.\n\n> Does anyone have terms?", author=peer,
          parent=first)
    client.force_login(author)
    response = client.post(f"/communities/{community.slug}/threads/{first.thread_id}/bank/")
    resource = Resource.objects.get()
    assert response["Location"] == f"/staff/resources/{resource.pk}/"
    assert resource.status == Resource.Status.DRAFT and resource.type == Resource.Type.QA
    assert Thread.objects.get(pk=first.thread_id).resource == resource
    client.force_login(staff_with_mfa(Role.EXPERT))  # what subscribers wrote is for curators until published
    assert client.get(f"/staff/resources/{resource.pk}/").status_code == 404
    assert "CPAoR template" in resource.body and "sub-national CP working group" in resource.body
    assert "Aminata" not in resource.body and "Mukendi" not in resource.body and "[name removed]" in resource.body
    assert "> Does anyone have terms?" not in resource.body  # quoted text trimmed
    open_flags = resource.redaction_flags.filter(state=RedactionFlag.State.OPEN)
    assert open_flags.exists()  # the child's name and age
    library_actions.submit_for_review(actor=author, resource=resource)
    with pytest.raises(PermissionDenied):
        library_actions.publish(actor=author, resource=resource)
    with pytest.raises(ValidationError):
        library_actions.publish(actor=reviewer, resource=resource)
    for flag in open_flags:
        library_actions.redact(actor=reviewer, flag=flag)
    library_actions.publish(actor=reviewer, resource=resource)
    resource.refresh_from_db()
    assert resource.status == Resource.Status.PUBLISHED and "Kadiatou" not in resource.body
    with pytest.raises(ValidationError):
        helpdesk.bank_thread(actor=author, thread=first.thread)  # once


def test_a_starter_answering_themself_or_the_helpdesk_is_not_a_peer_answer(discussion, officers):
    community, first, _subscriptions = discussion
    _post(community, "Re: Terms", "Anyone? Still looking.", author=first.author, parent=first)
    _post(community, "Re: Terms", "The helpdesk will look.", name="CP Helpdesk", email="helpdesk@example.org",
          parent=first, via=Post.Via.HELPDESK)
    assert not helpdesk.with_peer_answers(Thread.objects.all()).get().answered_by_peers
    _post(community, "Re: Terms", "Here is ours.", name="Someone", email="ANOTHER@example.org", parent=first)
    assert helpdesk.with_peer_answers(Thread.objects.all()).get().answered_by_peers


@pytest.mark.parametrize("action", ["query", "answer", "bank"])
def test_only_officers_and_managers_raise_answer_and_bank(client, discussion, action):
    community, first, _subscriptions = discussion
    moderator = MemberFactory()
    community.moderators.add(moderator)
    community.owners.add(moderator)
    url = f"/communities/{community.slug}/threads/{first.thread_id}/{action}/"
    assert client.post(url)["Location"].startswith("/accounts/login/")
    for person in (first.author, moderator, staff_with_mfa(Role.EXPERT), staff_with_mfa(Role.FOCAL_POINT),
                   staff_with_mfa(Role.ADMINISTRATOR)):
        client.force_login(person)
        assert client.post(url).status_code == 403
        assert "Turn into a query" not in client.get(f"/communities/{community.slug}/threads/{first.thread_id}/"
                                                    ).content.decode()
    for person in (staff_with_mfa(Role.OFFICER), staff_with_mfa(Role.MANAGER)):
        client.force_login(person)
        assert client.get(url).status_code == 405
        assert client.post(url).status_code == 302
    assert Query.objects.count() == (1 if action == "query" else 0)


def test_the_actions_refuse_anyone_but_officers(discussion):
    _community, first, _subscriptions = discussion
    for person in (first.author, staff_with_mfa(Role.EXPERT)):
        for action in (helpdesk.raise_query, helpdesk.post_answer, helpdesk.bank_thread):
            with pytest.raises(PermissionDenied):
                action(actor=person, thread=first.thread)
