"""Matrix rooms (and through Matrix bridges, WhatsApp, Signal and Teams groups): the events a homeserver pushes
to an application service (`PUT /_matrix/app/v1/transactions/{txnId}`, https://spec.matrix.org/latest/
application-service-api/#pushing-events), read into `ChatMessage`s.

Only `m.room.message` events of the channel's room with text (`m.text`, `m.emote`) become posts. A rich reply
(`m.relates_to` → `m.in_reply_to`) answers the event it names, and its quoted fallback (the `> ` lines before a
blank line) is removed. Left out: edits (`rel_type` `m.replace`), `m.notice` (which bots and bridges send and
which must never be answered automatically, the spec says), images and files, redacted events, and events of
rooms other than the channel's (the homeserver sends every room the service watches; they are not an error). A
message that starts with `!query` asks the helpdesk instead of the room.
"""

import re
from datetime import UTC, datetime

from cphelpdesk.communities.chat.messages import ChatMessage
from cphelpdesk.communities.models import ChatChannel

QUERY_COMMAND = re.compile(r"^!query(?:\s+|$)", re.IGNORECASE)
TEXT_TYPES = ("m.text", "m.emote")


def read_event(channel: ChatChannel, event: dict) -> ChatMessage | str:
    """The chat message an event carries, or why there is none (a str)."""
    if event.get("type") != "m.room.message":
        return "not a message event"
    if not channel.external_id or event.get("room_id") != channel.external_id:
        return "another room"
    content = event.get("content") or {}
    relation = content.get("m.relates_to") or {}
    if relation.get("rel_type") == "m.replace":
        return "an edit: the archive keeps the message as it was sent"
    if content.get("msgtype") == "m.notice":
        return "a notice (from a bot or a bridge)"
    body = content.get("body")
    if content.get("msgtype") not in TEXT_TYPES or not isinstance(body, str):
        return "not a text message"
    reply_to = (relation.get("m.in_reply_to") or {}).get("event_id", "")
    if reply_to:
        body = without_reply_fallback(body)
    if not body.strip():
        return "not a text message"
    asks = QUERY_COMMAND.match(body)
    sender = str(event.get("sender", ""))
    timestamp = event.get("origin_server_ts")
    return ChatMessage(
        external_id=str(event.get("event_id", "")), author_id=sender,
        # The event names its sender by id only (the display name is room state): its local part reads best.
        author_name=sender.removeprefix("@").split(":", 1)[0] or sender,
        text=body[asks.end():] if asks else body,
        sent_at=datetime.fromtimestamp(timestamp / 1000, tz=UTC) if isinstance(timestamp, int) else None,
        reply_to=str(reply_to), raise_query=asks is not None)


def without_reply_fallback(body: str) -> str:
    """A reply's text without the quote of the message it answers (lines starting with "> " at its start)."""
    lines = body.split("\n")
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    if index and index < len(lines) and not lines[index].strip():
        index += 1
    return "\n".join(lines[index:])
