"""Telegram groups: the Bot API's `Update` objects (https://core.telegram.org/bots/api#update), which Telegram
POSTs to the webhook set with `setWebhook` (its `secret_token` comes back in `X-Telegram-Bot-Api-Secret-Token`),
read into `ChatMessage`s.

Only new text messages of the channel's own group become posts: edits (`edited_message`) are not carried over, as
the archive and the subscribers' mail already have what was sent; photos, stickers and other messages without
text, and messages from bots (the bridge's own announcements among them), are left out. A message that starts
with the `/query` command asks the helpdesk instead of the group.
"""

import re
from datetime import UTC, datetime

from cphelpdesk.communities.chat.messages import ChatMessage
from cphelpdesk.communities.models import ChatChannel

# "/query text", or "/query@SomeBot text" as Telegram writes a command addressed to one bot of the group.
QUERY_COMMAND = re.compile(r"^/query(?:@\w+)?(?:\s+|$)", re.IGNORECASE)


class OtherChat(Exception):
    """An update from a chat that is not the channel's: refused, so that a bot added to another group posts
    nothing into this community."""


def read_update(channel: ChatChannel, update: dict) -> ChatMessage | str:
    """The chat message an update carries, or why there is none (a str). OtherChat for another group's."""
    for edited in ("edited_message", "edited_channel_post"):
        if edited in update:
            return "an edit: the archive keeps the message as it was sent"
    message = update.get("message")
    if not isinstance(message, dict):
        return "not a new message"
    chat = message.get("chat") or {}
    if not channel.external_id or str(chat.get("id")) != channel.external_id:
        raise OtherChat(f"This channel takes updates from the Telegram chat {channel.external_id or '(not set)'} "
                        f"only, not from {chat.get('id')}.")
    sender = message.get("from") or {}
    if sender.get("is_bot"):
        return "from a bot"
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        return "not a text message"
    asks = QUERY_COMMAND.match(text)
    replied = message.get("reply_to_message") or {}
    name = " ".join(part for part in (sender.get("first_name"), sender.get("last_name")) if part)
    return ChatMessage(
        external_id=str(message.get("message_id")), author_id=str(sender.get("id", "")),
        author_name=name or sender.get("username") or str(sender.get("id", "")),
        text=text[asks.end():] if asks else text,
        sent_at=datetime.fromtimestamp(message["date"], tz=UTC) if isinstance(message.get("date"), int) else None,
        reply_to=str(replied["message_id"]) if "message_id" in replied else "",
        raise_query=asks is not None)
