"""A chat group's bridge posts into a community through a signed webhook; new threads and the helpdesk's
answers go out to it, signed the same way, to a real HTTP server on loopback."""

import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cphelpdesk.api.community_schemas import ChatAnnouncement
from cphelpdesk.communities import actions
from cphelpdesk.communities.models import ChatChannel, Community, Post, WebhookReceipt
from cphelpdesk.communities.webhooks import forget_old_receipts, remember, signed_headers
from cphelpdesk.queries.models import Channel, Query
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return ChatChannel.objects.create(community=CommunityFactory(slug="coordinators"), name="Sahel bridge")


def url(channel):
    return f"/api/communities/channels/{channel.pk}/messages"


def send(client, channel, payload, *, secret=None, at=None, headers=None):
    body = json.dumps(payload).encode()
    signed = headers if headers is not None else signed_headers(secret or channel.secret, body, now=at)
    return client.post(url(channel), body, content_type="application/json",
                       **{f"HTTP_{name.upper().replace('-', '_')}": value for name, value in signed.items()})


def message(external_id="m1", text="Who has a referral pathway for Mopti?", **fields):
    return {"message_id": external_id, "author_name": "Aminata", "author_id": "u-1", "text": text, **fields}


def test_a_validly_signed_message_is_posted_and_a_reply_joins_its_thread(client, channel):
    first = send(client, channel, message())
    assert first.status_code == 201, first.content
    post = Post.objects.get(uid=first.json()["post"])
    assert post.via == Post.Via.CHAT and post.status == Post.Status.PUBLISHED
    assert post.author_name == "Aminata" and post.author_email == "" and post.author is None
    assert post.thread.subject == "Who has a referral pathway for Mopti?"
    assert post.message_id.startswith(f"chat-{channel.pk}-m1@")
    reply = send(client, channel, message("m2", "The cluster has one.", reply_to="m1"))
    assert reply.status_code == 201 and reply.json()["thread"] == post.thread_id
    post.thread.refresh_from_db()
    assert post.thread.post_count == 2
    # The bridge delivers the same message again, signed afresh (it retried): posted once.
    again = send(client, channel, message("m2", "The cluster has one.", reply_to="m1"), at=time.time() + 1)
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    assert Post.objects.filter(community=channel.community).count() == 2


def test_a_bad_signature_is_refused_with_a_clear_problem(client, channel):
    response = send(client, channel, message(), secret="not-the-secret")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("#problem-bad-signature") and "does not match" in problem["detail"]
    unsigned = send(client, channel, message(), headers={})
    assert unsigned.status_code == 401 and "X-CPH-Signature" in unsigned.json()["detail"]
    assert not Post.objects.exists()


def test_a_stale_signature_is_refused(client, channel):
    response = send(client, channel, message(), at=time.time() - 6 * 60)
    assert response.status_code == 401
    assert response.json()["type"].endswith("#problem-stale-signature")
    assert "five minutes" in response.json()["detail"]
    assert not Post.objects.exists()


def test_a_replayed_request_is_refused(client, channel):
    body = json.dumps(message()).encode()
    headers = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in
               signed_headers(channel.secret, body).items()}
    assert client.post(url(channel), body, content_type="application/json", **headers).status_code == 201
    replay = client.post(url(channel), body, content_type="application/json", **headers)
    assert replay.status_code == 409 and replay.json()["type"].endswith("#problem-replayed")
    assert "used already" in replay.json()["detail"]
    assert Post.objects.count() == 1


def test_a_signed_but_malformed_message_is_refused_field_by_field(client, channel):
    response = send(client, channel, {"message_id": "m1", "author_id": "u-1"})
    assert response.status_code == 422
    assert ["body", "payload", "text"] in [error["loc"] for error in response.json()["errors"]]


def test_unknown_or_switched_off_channels_are_refused(client, channel):
    channel.is_active = False
    channel.save()
    assert send(client, channel, message()).status_code == 403
    missing = ChatChannel(pk=channel.pk + 100, secret=channel.secret)
    assert send(client, missing, message()).status_code == 404


def test_raise_query_makes_a_query_from_an_unverified_contact(client, channel):
    response = send(client, channel, message(text="Which standard covers alternative care?", raise_query=True))
    assert response.status_code == 201 and response.json()["outcome"] == "query"
    query = Query.objects.get(reference=response.json()["query"])
    assert query.channel == Channel.CHAT and query.requester is None and query.requester_name == "Aminata"
    assert query.acknowledged_at is None
    assert not Post.objects.exists()


def test_chat_posts_are_held_as_mail_would_be(client, channel):
    Community.objects.filter(pk=channel.community_id).update(posting=Community.Posting.MODERATED)
    response = send(client, channel, message())
    assert response.status_code == 201 and response.json()["outcome"] == "held"
    assert Post.objects.get().hold_reasons == ["moderated"]
    Community.objects.filter(pk=channel.community_id).update(posting=Community.Posting.SUBSCRIBERS)
    child = send(client, channel, message("m2", "Fatima, aged 9, was separated from her family in Gao."))
    assert child.json()["outcome"] == "held"
    assert "child_details" in Post.objects.get(uid=child.json()["post"]).hold_reasons


class Bridge:
    """A chat bridge's webhook receiver on loopback: it records what it is sent, answering `status`."""

    def __init__(self, status=204):
        self.received, self.status = [], status
        bridge = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                bridge.received.append((self.headers, body))  # read case-insensitively
                self.send_response(bridge.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_a_new_thread_and_a_helpdesk_answer_go_out_signed_to_the_bridge(django_capture_on_commit_callbacks):
    community = CommunityFactory(slug="cpie")
    SubscriptionFactory(community=community)
    with Bridge() as bridge:
        channel = ChatChannel.objects.create(community=community, name="Matrix room", outgoing_url=bridge.url)
        silent = ChatChannel.objects.create(community=community, name="No outgoing address")
        with django_capture_on_commit_callbacks(execute=True):
            first = actions.submit_post(actions.Submission(community=community, subject="Workplan template",
                                                           body="Any?", author_name="Omar",
                                                           author_email="omar@example.org"))
            actions.submit_post(actions.Submission(community=community, subject="Re: Workplan template",
                                                   body="A peer's reply is not announced.", parent=first,
                                                   author_email="peer@example.org"))
            actions.submit_post(actions.Submission(community=community, subject="Re: Workplan template",
                                                   body="The helpdesk's answer.", parent=first,
                                                   via=Post.Via.HELPDESK, author_name="CP Helpdesk"))
        run_queued_tasks()
    assert silent.pk and len(bridge.received) == 2
    events = []
    for headers, body in bridge.received:
        expected = hmac.new(channel.secret.encode(), f"{headers['X-CPH-Timestamp']}.".encode() + body,
                            hashlib.sha256).hexdigest()
        assert headers["X-CPH-Signature"] == f"sha256={expected}"
        events.append(json.loads(body))
        ChatAnnouncement.model_validate(events[-1])  # as the OpenAPI schema's webhooks say
    assert [event["event"] for event in events] == ["thread.started", "answer.posted"]
    assert events[0]["thread"]["subject"] == "Workplan template" and events[0]["post"]["author"] == "Omar"
    assert "omar@example.org" not in json.dumps(events)
    assert events[1]["post"]["in_reply_to"] == str(first.uid) and events[1]["post"]["text"] == "The helpdesk's answer."


def test_a_post_from_a_chat_is_not_sent_back_to_its_own_chat(client, django_capture_on_commit_callbacks):
    community = CommunityFactory()
    with Bridge() as bridge:
        source = ChatChannel.objects.create(community=community, name="Telegram", outgoing_url=bridge.url)
        with django_capture_on_commit_callbacks(execute=True):
            assert send(client, source, message()).status_code == 201
        run_queued_tasks()
    assert bridge.received == []


def test_a_failing_bridge_is_tried_again_later(django_capture_on_commit_callbacks):
    community = CommunityFactory()
    with Bridge(status=503) as bridge:
        ChatChannel.objects.create(community=community, name="Down", outgoing_url=bridge.url)
        with django_capture_on_commit_callbacks(execute=True):
            actions.submit_post(actions.Submission(community=community, subject="Hello", body="Hi",
                                                   author_email="a@example.org"))
        run_queued_tasks()
    assert len(bridge.received) == 1
    [retry] = DBTaskResult.objects.filter(task_path__endswith="deliver_announcement", status="READY")
    assert retry.args_kwargs["args"][-1] == 2 and retry.run_after is not None


def test_a_held_chat_post_is_announced_to_the_other_groups_once_approved(client, django_capture_on_commit_callbacks):
    community = CommunityFactory(posting=Community.Posting.MODERATED)
    with Bridge() as bridge:
        source = ChatChannel.objects.create(community=community, name="Telegram", outgoing_url=bridge.url)
        with Bridge() as other:
            ChatChannel.objects.create(community=community, name="Matrix", outgoing_url=other.url)
            with django_capture_on_commit_callbacks(execute=True):
                held = send(client, source, message())
            run_queued_tasks()
            assert other.received == []  # nothing leaves while a moderator has not read it
            moderator = MemberFactory()
            community.moderators.add(moderator)
            with django_capture_on_commit_callbacks(execute=True):
                actions.approve(Post.objects.get(uid=held.json()["post"]), actor=moderator)
            run_queued_tasks()
    assert bridge.received == [] and len(other.received) == 1
    assert json.loads(other.received[0][1])["event"] == "thread.started"


def test_receipts_are_forgotten_after_a_week(channel):
    assert remember(channel, "a" * 64) and not remember(channel, "a" * 64)
    assert remember(channel, "matrix-transaction:1")
    WebhookReceipt.objects.filter(signature="a" * 64).update(received_at=timezone.now() - timedelta(days=8))
    assert forget_old_receipts.call() == 1
    assert WebhookReceipt.objects.count() == 1
