"""Digests: each post once, the right posts, MIME (answerable posts) and RFC 1153 plain text, the list's headers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cphelpdesk.communities import actions
from cphelpdesk.communities.models import Post, Subscription
from cphelpdesk.communities.tasks import send_daily_digests, send_weekly_digests
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def publish(community, subject, **fields):
    return actions.submit_post(actions.Submission(community=community, subject=subject, body=f"About {subject}.",
                                                  author_name="Amina", author_email="amina@example.org", **fields))


def digests(task, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        count = task.call()
    run_queued_tasks()
    return count


def test_a_mime_digest_gathers_the_new_posts_once_each_answerable_by_its_message_id(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(slug="cpie")
    daily = SubscriptionFactory(community=community, member=MemberFactory(email="daily@example.org"),
                                delivery=Subscription.Delivery.DAILY)
    SubscriptionFactory(community=community, member=MemberFactory(email="weekly@example.org"),
                        delivery=Subscription.Delivery.WEEKLY)
    first = publish(community, "Referral pathways")
    reply = publish(community, "Re: Referral pathways", in_reply_to=f"<{first.message_id}>")
    publish(community, "Held one", hold_reasons=["moderated"])
    SubscriptionFactory(community=community, member=MemberFactory(email="late@example.org"),
                        delivery=Subscription.Delivery.DAILY)  # subscribed after those posts: none of them

    assert digests(send_daily_digests, django_capture_on_commit_callbacks) == 1
    [digest] = inbox.to("daily@example.org")
    assert inbox.to("weekly@example.org") == [] and inbox.to("late@example.org") == []
    assert digest["List-Id"] and digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest["Message-ID"] and digest["Message-ID"] not in (f"<{first.message_id}>", f"<{reply.message_id}>")
    assert "digest, Vol" in digest["Subject"] and digest["Precedence"] == "list"
    assert inbox.envelopes[0][0].startswith(f"cpie-bounces+{daily.token}@")
    text = digest.get_body(preferencelist=("plain",)).get_content()
    assert "Referral pathways" in text and "Held one" not in text and "/communities/leave/" in text
    assert "/communities/subscriptions/" in text  # the footer leads to where delivery is changed
    [container] = [part for part in digest.walk() if part.get_content_type() == "multipart/digest"]
    posts = [part.get_payload()[0] if part.is_multipart() else part for part in container.iter_parts()]
    assert [post["Message-ID"] for post in posts] == [f"<{first.message_id}>", f"<{reply.message_id}>"]
    assert posts[1]["In-Reply-To"] == f"<{first.message_id}>" and "amina@example.org" in posts[0]["From"]
    assert posts[0].get_content().strip() == "About Referral pathways."

    # A second run sends nothing new; a new post goes in the next digest, alone.
    inbox.clear()
    assert digests(send_daily_digests, django_capture_on_commit_callbacks) == 0 and inbox.messages == []
    publish(community, "Case management forms")
    assert digests(send_daily_digests, django_capture_on_commit_callbacks) == 2
    texts = [message.get_body(preferencelist=("plain",)).get_content() for message in inbox.to("daily@example.org")]
    assert len(texts) == 1 and "Case management forms" in texts[0] and "Referral pathways" not in texts[0]
    assert len(inbox.to("late@example.org")) == 1


def test_a_plain_digest_follows_rfc_1153(inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(name="CPIE Coordination and IM Group")
    SubscriptionFactory(community=community, member=MemberFactory(email="plain@example.org"),
                        delivery=Subscription.Delivery.WEEKLY, digest_format=Subscription.DigestFormat.PLAIN)
    first = publish(community, "Workplan template")
    publish(community, "Re: Workplan template", in_reply_to=f"<{first.message_id}>")
    assert digests(send_weekly_digests, django_capture_on_commit_callbacks) == 1
    [digest] = inbox.to("plain@example.org")
    assert digest.get_content_type() == "text/plain" and not digest.is_multipart()
    text = digest.get_content().replace("\r\n", "\n")
    topics, _, messages = text.partition("-" * 70)
    assert "1. [CP-Coord] Workplan template (Amina)" in topics and "2. [CP-Coord] Re: Workplan template" in topics
    assert messages.count("\n" + "-" * 30 + "\n") == 2
    assert f"Message-ID: <{first.message_id}>" in messages and "About Workplan template." in messages
    assert "End of CPIE Coordination and IM Group digest, Vol" in messages


def test_digest_subscribers_get_no_copy_of_each_post_and_imported_archives_are_not_digested(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    SubscriptionFactory(community=community, member=MemberFactory(email="daily@example.org"),
                        delivery=Subscription.Delivery.DAILY, subscribed_at=timezone.now() - timedelta(days=900))
    with django_capture_on_commit_callbacks(execute=True):
        publish(community, "Live post")
        publish(community, "Old archive", via=Post.Via.IMPORT, posted_at=timezone.now() - timedelta(days=800))
    run_queued_tasks()
    assert inbox.messages == []
    assert digests(send_daily_digests, django_capture_on_commit_callbacks) == 1
    text = inbox.to("daily@example.org")[0].get_body(preferencelist=("plain",)).get_content()
    assert "Live post" in text and "Old archive" not in text


def test_switching_from_each_post_to_a_digest_does_not_send_the_posts_again(
        inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    reader = SubscriptionFactory(community=community, member=MemberFactory(email="reader@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        publish(community, "Had it by mail")
    actions.subscribe(community=community, actor=reader.member, member=reader.member,
                      delivery_mode=Subscription.Delivery.DAILY)
    publish(community, "After the switch")
    assert digests(send_daily_digests, django_capture_on_commit_callbacks) == 1
    texts = [inbox.body(message) for message in inbox.to("reader@example.org")]
    assert texts[0].startswith("About Had it by mail.") and len(texts) == 2
    assert "After the switch" in texts[1] and "Had it by mail" not in texts[1]


def test_a_post_changed_since_an_earlier_digest_goes_out_as_it_is_now(inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    for address, mode in [("daily@example.org", "daily"), ("weekly@example.org", "weekly")]:
        SubscriptionFactory(community=community, member=MemberFactory(email=address), delivery=mode)
    post = publish(community, "Case conference")
    digests(send_daily_digests, django_capture_on_commit_callbacks)
    Post.objects.filter(pk=post.pk).update(body="[name removed] needs a referral.")  # redacted meanwhile
    digests(send_weekly_digests, django_capture_on_commit_callbacks)

    def digested(address):
        [container] = [p for p in inbox.to(address)[0].walk() if p.get_content_type() == "multipart/digest"]
        return [part.get_payload()[0].get_content().strip() for part in container.iter_parts()]

    assert digested("daily@example.org") == ["About Case conference."]
    assert digested("weekly@example.org") == ["[name removed] needs a referral."]


def test_the_wrapper_is_written_in_each_subscribers_language_once_per_language(
        inbox, monkeypatch, django_capture_on_commit_callbacks):
    from django.utils import translation

    from cphelpdesk.communities import digests as digest_module

    rendered, render = [], digest_module.render_to_string

    def recording(template, context):  # the catalogs are filled after the strings are written
        rendered.append(translation.get_language())
        return render(template, context)

    monkeypatch.setattr(digest_module, "render_to_string", recording)
    community = CommunityFactory(language="es")
    for number, language in enumerate(["fr", "fr", "ar", ""]):
        SubscriptionFactory(community=community, member=None, email=f"s{number}@example.org", language=language,
                            delivery=Subscription.Delivery.DAILY)
    publish(community, "Taller regional")
    assert digests(send_daily_digests, django_capture_on_commit_callbacks) == 4
    assert sorted(rendered) == ["ar", "es", "fr"]
