"""A post is archived in its thread and leaves to each each-post subscriber once, as a list's mail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cphelpdesk.communities import actions
from cphelpdesk.communities.models import Post, Subscription
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory
from tests.helpers import authenticated, run_queued_tasks

pytestmark = pytest.mark.django_db


def test_a_post_is_archived_and_each_subscriber_gets_one_copy_with_the_list_headers(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(slug="coordinators")
    readers = [SubscriptionFactory(community=community) for _ in range(3)]
    SubscriptionFactory(community=community, delivery=Subscription.Delivery.DAILY)
    poster = readers[0].member
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.submit_post(actions.Submission(
            community=community, subject="Case management forms in Yemen", body="Has anyone adapted them?",
            author=poster, author_name=poster.full_name, author_email="poster@strict-dmarc.example"))
    run_queued_tasks()
    assert post.status == Post.Status.PUBLISHED and post.thread.subject == "Case management forms in Yemen"
    for reader in readers:
        [copy] = inbox.to(reader.member.email)
        assert copy["List-Id"] == f'"{community.name}" <coordinators.{community.list_id.split(".", 1)[1]}>'
        assert copy["Subject"] == "[CP-Coord] Case management forms in Yemen"
        assert copy["Precedence"] == "list" and copy["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "via" in copy["From"] and community.list_address in copy["From"]
        assert "strict-dmarc" not in copy["From"]
        assert copy["Archived-At"] and copy["List-Post"] == f"<mailto:{community.list_address}>"
    envelopes = [sender for sender, _recipients in inbox.envelopes]
    assert all(sender.startswith("coordinators-bounces+") for sender in envelopes) and len(envelopes) == 3


def test_a_reply_by_its_in_reply_to_joins_the_thread():
    community = CommunityFactory()
    first = actions.submit_post(actions.Submission(community=community, subject="Workplan template",
                                                   body="Any?", author_email="a@example.org"))
    reply = actions.submit_post(actions.Submission(community=community, subject="Re: [CP-Coord] Workplan template",
                                                   body="Here", author_email="b@example.org",
                                                   in_reply_to=f"<{first.message_id}>"))
    by_subject = actions.submit_post(actions.Submission(community=community, subject="RE: Workplan template",
                                                        body="And here", author_email="c@example.org"))
    assert reply.thread_id == first.thread_id == by_subject.thread_id
    first.thread.refresh_from_db()
    assert first.thread.post_count == 3


def test_one_click_unsubscribe_works_by_post_and_not_by_get(client, inbox, django_capture_on_commit_callbacks):
    subscription = SubscriptionFactory(member=MemberFactory(email="reader@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_post(actions.Submission(community=subscription.community, subject="Hello", body="Hi",
                                               author_email="x@example.org"))
    run_queued_tasks()
    [copy] = inbox.to("reader@example.org")
    url = copy["List-Unsubscribe"].split("<", 1)[1].split(">", 1)[0]
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    response = client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not Subscription.objects.filter(pk=subscription.pk).exists()
    assert client.post("/" + path).status_code == 400


def _mail(sender: str, to: str, subject: str, body: str, extra: str = "") -> bytes:
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{abs(hash(body))}@example.org>\r\n"
            f"{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()


def test_mail_to_the_list_address_is_posted_and_a_bounce_to_its_verp_address_counts_against_its_subscriber(
        settings, django_capture_on_commit_callbacks):
    from cphelpdesk.communities.delivery import bounce_address
    from cphelpdesk.mail.actions import process_inbound, store_inbound

    community = CommunityFactory(slug="cpie", bounce_threshold=2)
    subscriber = SubscriptionFactory(community=community)
    raw = authenticated(_mail(subscriber.member.email, community.list_address, "Referral pathways", "Who has one?"))
    inbound = store_inbound(raw=raw, channel="smtp", envelope_to=[community.list_address])
    with django_capture_on_commit_callbacks(execute=True):
        assert process_inbound(inbound).startswith("cpie: posted")
    post = Post.objects.get()
    assert post.author == subscriber.member and post.thread.subject == "Referral pathways"
    for number in range(2):
        bounce = _mail("MAILER-DAEMON@mx.example.org", bounce_address(community, subscriber),
                       "Undelivered Mail Returned to Sender", f"550 5.1.1 user unknown {number}",
                       extra="Auto-Submitted: auto-replied\r\n")
        process_inbound(store_inbound(raw=bounce, channel="smtp", envelope_from="<>",
                                      envelope_to=[bounce_address(community, subscriber)]))
        # One day's bounces count once (communities.bounces): the next one comes a day later.
        Subscription.objects.filter(pk=subscriber.pk).update(last_bounce_at=timezone.now() - timedelta(days=1))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscription.Status.SUSPENDED and subscriber.bounce_score == 2


@pytest.mark.parametrize("name", ["search", "subscriptions", "cp-join", "forum-bounces", "LEAVE"])
def test_a_list_name_that_would_hide_a_page_or_read_as_a_command_is_refused(name):
    from django.core.exceptions import ValidationError

    community = CommunityFactory.build(slug=name)
    with pytest.raises(ValidationError) as refused:
        community.full_clean(exclude=["desk"])
    assert "slug" in refused.value.message_dict
