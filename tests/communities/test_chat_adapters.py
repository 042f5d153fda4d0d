"""Telegram groups' updates and Matrix rooms' events, shaped as those APIs document them (chat_payloads/), become
posts and threads of the community, or queries; edits, non-text messages, bots and other chats do not."""

import json
from pathlib import Path

import pytest

from cphelpdesk.communities.chat import matrix
from cphelpdesk.communities.models import ChatChannel, Post
from cphelpdesk.queries.models import Channel, Query
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.django_db

PAYLOADS = Path(__file__).parent / "chat_payloads"
SUPERGROUP = "-1001234567890"
ROOM = "!cpcoord:matrix.example.org"


def payload(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


@pytest.fixture
def telegram_channel():
    return ChatChannel.objects.create(community=CommunityFactory(), name="Sahel group",
                                      kind=ChatChannel.Kind.TELEGRAM, external_id=SUPERGROUP)


@pytest.fixture
def matrix_channel():
    return ChatChannel.objects.create(community=CommunityFactory(), name="CPIE room",
                                      kind=ChatChannel.Kind.MATRIX, external_id=ROOM)


def telegram(client, channel, name, secret=None):
    return client.post(f"/api/communities/channels/{channel.pk}/telegram", payload(name),
                       content_type="application/json",
                       HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=secret if secret is not None else channel.secret)


def matrix_push(client, channel, name, txn="txn-1", token=None):
    return client.put(f"/api/communities/channels/{channel.pk}/matrix/_matrix/app/v1/transactions/{txn}",
                      payload(name), content_type="application/json",
                      HTTP_AUTHORIZATION=f"Bearer {token if token is not None else channel.secret}")


def outcome(response) -> dict:
    assert response.status_code == 200, response.content
    [result] = response.json()["results"]
    return result


def test_a_telegram_message_starts_a_thread_and_a_reply_to_it_joins_the_thread(client, telegram_channel):
    first = outcome(telegram(client, telegram_channel, "telegram_message.json"))
    assert first["outcome"] == "posted"
    post = Post.objects.get(uid=first["post"])
    assert post.author_name == "Aminata Diallo" and post.via == Post.Via.CHAT
    assert post.thread.subject.startswith("Does anyone have a referral pathway template")
    assert post.posted_at.timestamp() == 1765080000
    reply = outcome(telegram(client, telegram_channel, "telegram_reply.json"))
    assert reply["outcome"] == "posted" and reply["thread"] == post.thread_id
    assert Post.objects.get(uid=reply["post"]).parent == post
    # Telegram sends an update again when it did not hear 2xx in time: it is taken once.
    assert outcome(telegram(client, telegram_channel, "telegram_reply.json"))["outcome"] == "duplicate"
    assert Post.objects.count() == 2


def test_a_telegram_query_command_raises_a_query(client, telegram_channel):
    result = outcome(telegram(client, telegram_channel, "telegram_query.json"))
    query = Query.objects.get(reference=result["query"])
    assert query.channel == Channel.CHAT and query.requester_name == "Aminata Diallo"
    assert query.messages.get().body == "Which minimum standard covers alternative care in camps?"


@pytest.mark.parametrize(("name", "reason"), [("telegram_edited.json", "an edit"),
                                              ("telegram_sticker.json", "not a text message"),
                                              ("telegram_from_bot.json", "from a bot")])
def test_telegram_edits_non_text_messages_and_bots_are_left_out(client, telegram_channel, name, reason):
    result = outcome(telegram(client, telegram_channel, name))
    assert result["outcome"] == "ignored" and result["reason"].startswith(reason)
    assert not Post.objects.exists()


def test_telegram_updates_from_another_chat_or_without_the_secret_are_refused(client, telegram_channel):
    other = telegram(client, telegram_channel, "telegram_other_chat.json")
    assert other.status_code == 403 and "-1009876543210" in other.json()["detail"]
    wrong = telegram(client, telegram_channel, "telegram_message.json", secret="guess")
    assert wrong.status_code == 401 and "X-Telegram-Bot-Api-Secret-Token" in wrong.json()["detail"]
    webhook_channel = ChatChannel.objects.create(community=telegram_channel.community, name="Generic")
    assert telegram(client, webhook_channel, "telegram_message.json").status_code == 404
    assert not Post.objects.exists()


def test_a_matrix_message_starts_a_thread_and_a_rich_reply_joins_it_without_its_quote(client, matrix_channel):
    assert matrix_push(client, matrix_channel, "matrix_transaction.json").json() == {}
    post = Post.objects.get()
    assert post.author_name == "fatima.h" and post.message_id.startswith(f"chat-{matrix_channel.pk}-$f3kTq0Vb9x")
    assert matrix_push(client, matrix_channel, "matrix_reply.json", txn="txn-2").status_code == 200
    reply = Post.objects.exclude(pk=post.pk).get()
    assert reply.thread_id == post.thread_id and reply.body == "Yes, the 2019 edition was translated; I can share it."


def test_a_matrix_transaction_sent_again_is_taken_once(client, matrix_channel):
    assert matrix_push(client, matrix_channel, "matrix_transaction.json", txn="42").status_code == 200
    assert matrix_push(client, matrix_channel, "matrix_transaction.json", txn="42").json() == {}
    assert Post.objects.count() == 1


def test_matrix_edits_notices_images_other_rooms_and_state_are_left_out_and_query_raises_one(
        client, matrix_channel):
    events = json.loads(payload("matrix_edge_cases.json"))["events"]
    reasons = [matrix.read_event(matrix_channel, event) for event in events[:5]]
    assert reasons == ["an edit: the archive keeps the message as it was sent", "a notice (from a bot or a bridge)",
                       "not a text message", "another room", "not a message event"]
    assert matrix_push(client, matrix_channel, "matrix_edge_cases.json").status_code == 200
    assert not Post.objects.exists()
    query = Query.objects.get()
    assert query.channel == Channel.CHAT and query.subject.startswith("Which guidance covers family tracing")


def test_matrix_pushes_without_the_hs_token_are_refused(client, matrix_channel):
    response = client.put(f"/api/communities/channels/{matrix_channel.pk}/matrix/_matrix/app/v1/transactions/1",
                          payload("matrix_transaction.json"), content_type="application/json")
    assert response.status_code == 401 and "hs_token" in response.json()["detail"]
    assert matrix_push(client, matrix_channel, "matrix_transaction.json", token="wrong").status_code == 403
    assert not Post.objects.exists()
