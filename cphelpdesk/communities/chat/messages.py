"""A chat message, however it came (a bridge's webhook, Telegram, Matrix), and what becomes of it: a post in a
thread of the community (a reply to a known message joins its thread), or a query raised with the helpdesk.

Each message's Message-ID in the archive names its channel and its id in the chat
(`chat-<channel>-<external id>@<lists domain>`): that is how a reply in the chat finds its thread, and how the
same message delivered twice (bridges and homeservers retry) is recognised.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cphelpdesk.communities import actions, holds, moderation
from cphelpdesk.communities.models import ChatChannel, Community, Post
from cphelpdesk.core.languages import detect_language
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.queries.models import Channel

# A chat message has no subject: its first line (this many characters at most) names the thread it starts.
SUBJECT_LENGTH = 80


@dataclass(frozen=True)
class ChatMessage:
    """One message of a chat group, as every adapter reads it."""

    external_id: str  # the message's id in its chat (a Telegram message_id, a Matrix event_id)
    author_name: str  # the display name in the chat; chat users have no address here
    author_id: str  # the user's id in the chat (a Telegram user id, a Matrix user id)
    text: str
    sent_at: datetime | None = None
    reply_to: str = ""  # the external id of the message it answers, if any
    reply_to_post: uuid.UUID | None = None  # or the archived post it answers (a bridge that kept our announcement)
    raise_query: bool = False  # the author asks the helpdesk, not the group


@dataclass(frozen=True)
class Outcome:
    """What became of a chat message: `posted`, `held`, `query`, `duplicate` or `ignored` (with why)."""

    status: str
    post: Post | None = None
    query_reference: str = ""
    reason: str = ""


def message_id(channel: ChatChannel, external_id: str) -> str:
    """The archive's Message-ID of a chat message."""
    return f"chat-{channel.pk}-{external_id}@{settings.HELPDESK_LISTS_DOMAIN}"[:500]


def ignored(reason: str) -> Outcome:
    return Outcome("ignored", reason=reason)


@transaction.atomic
def receive(channel: ChatChannel, message: ChatMessage) -> Outcome:
    """Post `message` to the channel's community (held as a post by email would be), or raise it as a query
    from an unverified contact when it asks for the helpdesk. A message already received is not posted twice."""
    text = message.text.strip()
    if not text:
        return ignored("no text")
    if message.raise_query:
        return _raise_query(channel, message, text)
    own_id = message_id(channel, message.external_id)
    existing = Post.objects.filter(community_id=channel.community_id, message_id=own_id).first()
    if existing is not None:
        return Outcome("duplicate", post=existing)
    community = channel.community
    parent = _parent(channel, message)
    subject = f"Re: {parent.thread.subject}" if parent is not None else _subject(text)
    post = moderation.submit(actions.Submission(
        community=community, subject=subject, body=text, via=Post.Via.CHAT, author_name=message.author_name,
        parent=parent, message_id=own_id, size=len(text.encode()),
        posted_at=min(message.sent_at, timezone.now()) if message.sent_at else None,
        hold_reasons=hold_reasons(community, text)))
    return Outcome("held" if post.status == Post.Status.HELD else "posted", post=post)


def _parent(channel: ChatChannel, message: ChatMessage) -> Post | None:
    """The archived post a chat reply answers: by the chat's own message id, or the post a bridge names."""
    posts = Post.objects.filter(community_id=channel.community_id, status=Post.Status.PUBLISHED).exclude(
        thread=None).select_related("thread")
    if message.reply_to_post is not None:
        found = posts.filter(uid=message.reply_to_post).first()
        if found is not None:
            return found
    if message.reply_to:
        return posts.filter(message_id=message_id(channel, message.reply_to)).first()
    return None


def _subject(text: str) -> str:
    first_line = " ".join(text.split("\n", 1)[0].split())
    if len(first_line) <= SUBJECT_LENGTH:
        return first_line
    return first_line[:SUBJECT_LENGTH].rsplit(" ", 1)[0] + "…"


def hold_reasons(community: Community, text: str) -> list[str]:
    """Why a chat post waits for a moderator, by the rules for mail (`communities.holds`), but for one: it is
    not held for its author not being a subscriber, since the group is joined to the community by its desk and
    its members are the group's admins' business. No one in a chat group is proven a moderator, so an
    announce-only community holds every chat post."""
    return [reason for reason in holds.reasons_to_hold(community, size=len(text.encode()), text=text)
            if reason != holds.NON_SUBSCRIBER]


def _raise_query(channel: ChatChannel, message: ChatMessage, text: str) -> Outcome:
    """A query from an unverified contact (as mail from an unknown address is): no account, no address, so no
    acknowledgement; the officer who picks it up answers in the group or links the person later."""
    community = channel.community
    query = query_actions.submit_query(
        subject=_subject(text), question=text, requester_name=(message.author_name or message.author_id)[:200],
        channel=Channel.CHAT, acknowledge=False,
        language=detect_language(text, default=community.language) or community.language)
    return Outcome("query", query_reference=query.reference)
