"""What the communities' part of the API takes and answers: chat messages from bridges, Telegram updates and
Matrix transactions as those platforms send them, and the archives read page by page."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Schema
from pydantic import ConfigDict, Field

from cphelpdesk.api.schemas import CURSOR, PAGE_SIZE
from cphelpdesk.communities.models import Community, Post

# --- chat groups ------------------------------------------------------------------------------------------

class ChatMessageIn(Schema):
    """A message of a chat group, sent by its bridge (signed: see the operation)."""

    message_id: str = Field(min_length=1, max_length=200, description="The message's id in its chat")
    author_name: str = Field("", max_length=200, description="The author's display name in the chat")
    author_id: str = Field(min_length=1, max_length=200, description="The author's id in the chat")
    text: str = Field(min_length=1, max_length=50000)
    sent_at: datetime | None = Field(None, description="When it was sent (now if left out)")
    reply_to: str | None = Field(None, max_length=200, description="The chat id of the message it answers")
    reply_to_post: UUID | None = Field(None, description="Or the `post.uid` of an announcement it answers")
    raise_query: bool = Field(False, description="Ask the helpdesk (a query) instead of the group")


class ChatOutcome(Schema):
    outcome: Literal["posted", "held", "query", "duplicate", "ignored"] = Field(
        description="Posted; held for a moderator; raised as a query; already received; or left out (`reason`)")
    post: UUID | None = Field(None, description="The post's uid in the archive")
    thread: int | None = Field(None, description="The thread it is in (none while held)")
    query: str | None = Field(None, description="The reference of the query it raised")
    reason: str | None = Field(None, description="Why a message was left out")


class ChatOutcomes(Schema):
    results: list[ChatOutcome] = Field(description="One per update or event, in order")


class TelegramUser(Schema):
    """https://core.telegram.org/bots/api#user"""

    id: int
    is_bot: bool
    first_name: str
    last_name: str | None = None
    username: str | None = None


class TelegramChat(Schema):
    """https://core.telegram.org/bots/api#chat"""

    id: int
    type: str = Field(description="private, group, supergroup or channel")
    title: str | None = None


class TelegramMessage(Schema):
    """https://core.telegram.org/bots/api#message (the fields read here; the others are accepted)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    message_id: int
    sender: TelegramUser | None = Field(None, alias="from")
    chat: TelegramChat
    date: int = Field(description="Unix time")
    text: str | None = None
    reply_to_message: "TelegramMessage | None" = None
    edit_date: int | None = None


TelegramMessage.model_rebuild()  # its reply_to_message is a message too


class TelegramUpdate(Schema):
    """https://core.telegram.org/bots/api#update: at most one of the optional fields is present."""

    model_config = ConfigDict(extra="allow")

    update_id: int
    message: TelegramMessage | None = None
    edited_message: TelegramMessage | None = None


class MatrixEvent(Schema):
    """A client event (https://spec.matrix.org/latest/client-server-api/#room-event-format): `m.room.message`
    events are read, with `content.msgtype`, `content.body` and `content["m.relates_to"]`."""

    model_config = ConfigDict(extra="allow")

    type: str
    event_id: str
    room_id: str
    sender: str
    origin_server_ts: int = Field(description="Milliseconds since the Unix epoch")
    content: dict


class MatrixTransaction(Schema):
    """https://spec.matrix.org/latest/application-service-api/#put_matrixappv1transactionstxnid"""

    model_config = ConfigDict(extra="allow")

    events: list[MatrixEvent]


class MatrixAnswer(Schema):
    """An empty object: the transaction was taken (or had been already)."""


class AnnouncedThread(Schema):
    id: int
    subject: str
    url: str = Field(description="The thread in the archive")


class AnnouncedPost(Schema):
    uid: UUID = Field(description="Send it back as `reply_to_post` with a reply in the chat")
    author: str = Field(description="The author's name (never their address)")
    text: str
    posted_at: datetime
    url: str = Field(description="The post in the archive")
    in_reply_to: UUID | None = Field(description="The uid of the post it answers")


class ChatAnnouncement(Schema):
    """What a chat channel's outgoing webhook receives, signed as the inbound webhook is."""

    event: Literal["thread.started", "answer.posted"] = Field(
        description="A new thread in the community, or the helpdesk's answer in a thread")
    community: str = Field(description="The community's list name (slug)")
    thread: AnnouncedThread
    post: AnnouncedPost


# --- archives ---------------------------------------------------------------------------------------------

class CommunityOut(Schema):
    slug: str
    name: str
    description: str
    language: str
    list_address: str
    visibility: Community.Visibility
    joining: Community.Joining
    posting: Community.Posting
    subscribed: bool = Field(description="Whether you receive its posts")
    page: str = Field(description="Its archive on the website")
    threads: str = Field(description="Its threads in the API")


class CommunityPage(Schema):
    next: str | None = Field(description="The address of the next page; null on the last")
    results: list[CommunityOut]


class ThreadOut(Schema):
    id: int
    subject: str
    started_at: datetime
    last_post_at: datetime
    post_count: int
    page: str = Field(description="The thread on the website")
    posts: str = Field(description="Its posts in the API")


class ThreadPage(Schema):
    next: str | None = Field(description="The address of the next page; null on the last")
    results: list[ThreadOut]


class PostOut(Schema):
    uid: UUID
    author: str = Field(description="The author's name (never their address)")
    subject: str
    body: str
    via: Post.Via
    posted_at: datetime
    in_reply_to: UUID | None = Field(description="The uid of the post it answers")
    page: str = Field(description="The post in the archive")


class PostPage(Schema):
    next: str | None = Field(description="The address of the next page; null on the last")
    results: list[PostOut]


class ArchiveFilters(Schema):
    page_size: int = PAGE_SIZE
    cursor: str | None = CURSOR
