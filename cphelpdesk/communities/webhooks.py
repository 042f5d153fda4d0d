"""Signed webhooks between a community and its chat groups' bridges, both ways.

Every request is signed with the channel's secret: HMAC-SHA256 over `f"{timestamp}.{body}"`, sent as
`X-CPH-Timestamp: <Unix seconds>` and `X-CPH-Signature: sha256=<hex>`. A receiver accepts a signature only within
five minutes of its timestamp and only once (`WebhookReceipt`), so a captured request can neither be replayed nor
kept for later. Out, new threads and the helpdesk's answers are POSTed to the channel's `outgoing_url` by the
worker (never in the request that published the post), with a timeout and retries.
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cphelpdesk.communities.delivery import absolute, archive_url
from cphelpdesk.communities.models import ChatChannel, Post, WebhookReceipt
from cphelpdesk.core.scheduler import register_periodic

logger = logging.getLogger(__name__)

TIMESTAMP_HEADER = "X-CPH-Timestamp"
SIGNATURE_HEADER = "X-CPH-Signature"
EVENT_HEADER = "X-CPH-Event"
WINDOW = timedelta(minutes=5)
# A bridge that takes longer than this to answer is treated as down: the worker must not hang on it.
TIMEOUT_SECONDS = 10
# After a failed delivery, the next attempt waits this long; after the last, the announcement is given up.
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
# Receipts outlive the window many times over (a Matrix homeserver may retry a transaction for hours).
KEEP_RECEIPTS = timedelta(days=7)


class SignatureRefused(Exception):
    """A request whose signature is missing, wrong, stale or already used; `kind` says which."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The signature header's value for `body` sent at `timestamp`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """The headers that sign `body` now."""
    timestamp = int(now if now is not None else time.time())
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: sign(secret, timestamp, body)}


def check_signature(channel: ChatChannel, timestamp: str | None, signature: str | None, body: bytes,
                    now: float | None = None) -> str:
    """The signature's hex digest if `signature` signs `body` at `timestamp` with the channel's secret, within
    the window; SignatureRefused otherwise. The digest is compared in constant time, and before the clock, so
    that a forger learns nothing from which check failed first."""
    if not timestamp or not signature:
        raise SignatureRefused("bad-signature", f"Sign the request: send {TIMESTAMP_HEADER} (Unix seconds) and "
                                                f"{SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of \"timestamp.body\">.")
    expected = sign(channel.secret, timestamp.strip(), body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise SignatureRefused("bad-signature", "The signature does not match the body and timestamp signed with "
                                                "this channel's secret.")
    try:
        sent = int(timestamp.strip())
    except ValueError:
        raise SignatureRefused("bad-signature", f"{TIMESTAMP_HEADER} must be Unix seconds.") from None
    now = now if now is not None else time.time()
    if abs(now - sent) > WINDOW.total_seconds():
        raise SignatureRefused("stale-signature", "The signature's timestamp is more than five minutes from now: "
                                                  "sign each request when it is sent (and check the bridge's clock).")
    return expected.removeprefix("sha256=")


def remember(channel: ChatChannel, key: str) -> bool:
    """Record that `key` (a signature, a Matrix transaction id) was accepted; False if it already was."""
    digest = key if len(key) == 64 else hashlib.sha256(key.encode()).hexdigest()
    try:
        with transaction.atomic():
            WebhookReceipt.objects.create(channel=channel, signature=digest)
    except IntegrityError:
        return False
    return True


@task()
def forget_old_receipts() -> int:
    """Delete receipts long past any window in which their request could come again."""
    deleted, _ = WebhookReceipt.objects.filter(received_at__lt=timezone.now() - KEEP_RECEIPTS).delete()
    return deleted


register_periodic(forget_old_receipts, every=timedelta(days=1))


# --- out: new threads and the helpdesk's answers --------------------------------------------------------

def announce(post: Post) -> int:
    """Queue, once the post's transaction commits, its announcement to each active channel of its community
    with an outgoing address: a new thread, or an answer from the helpdesk. The channel the post came from is
    left out (its group has it already). Returns how many are queued."""
    if post.status != Post.Status.PUBLISHED or post.via == Post.Via.IMPORT:
        return 0
    event = "answer.posted" if post.via == Post.Via.HELPDESK else "thread.started" if post.parent_id is None else ""
    if not event:
        return 0
    channels = list(ChatChannel.objects.filter(community_id=post.community_id, is_active=True)
                    .exclude(outgoing_url="").values_list("pk", flat=True))
    source = origin_channel_id(post)
    targets = [pk for pk in channels if pk != source]
    for pk in targets:
        transaction.on_commit(lambda pk=pk: deliver_announcement.enqueue(pk, post.pk, event, 1))
    return len(targets)


def origin_channel_id(post: Post) -> int | None:
    """The chat channel a post came from, read from its Message-ID (`chat-<channel>-<message>@...`)."""
    if post.via != Post.Via.CHAT or not post.message_id.startswith("chat-"):
        return None
    channel, _sep, _rest = post.message_id.removeprefix("chat-").partition("-")
    return int(channel) if channel.isdigit() else None


def announcement(post: Post, event: str) -> dict:
    """What a bridge receives: the event, the thread and the post (the author's name, never their address)."""
    thread = post.thread
    return {
        "event": event, "community": post.community.slug,
        "thread": {"id": thread.pk, "subject": thread.subject,
                   "url": absolute(reverse("communities:thread", args=[post.community.slug, thread.pk]))},
        "post": {"uid": str(post.uid), "author": post.author_name or post.community.name, "text": post.body,
                 "posted_at": post.posted_at, "url": archive_url(post),
                 "in_reply_to": str(post.parent.uid) if post.parent_id else None},
    }


@task()
def deliver_announcement(channel_id: int, post_id: int, event: str, attempt: int) -> str:
    """POST one announcement to a channel's bridge, signed; on failure try again later (BACKOFF), then give up.
    A channel switched off or a post no longer published in the meantime is not announced."""
    channel = ChatChannel.objects.filter(pk=channel_id, is_active=True).exclude(outgoing_url="").first()
    post = Post.objects.filter(pk=post_id, status=Post.Status.PUBLISHED).select_related(
        "community", "thread", "parent").first()
    if channel is None or post is None:
        return "not sent: the channel or the post is gone"
    if not channel.outgoing_url.lower().startswith(("https://", "http://")):
        return "not sent: the outgoing address is not http(s)"
    body = json.dumps(announcement(post, event), cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    # Only http(s), checked above (urllib would also open file: and ftp: addresses).
    request = urllib.request.Request(channel.outgoing_url, data=body, method="POST", headers={  # noqa: S310
        "Content-Type": "application/json", "User-Agent": "CP-Helpdesk-webhook", EVENT_HEADER: event,
        **signed_headers(channel.secret, body)})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
    except (urllib.error.URLError, OSError, ValueError) as error:
        status, reason = None, str(getattr(error, "reason", error))
    else:
        reason = ""
    if status is not None and 200 <= status < 300:
        return f"delivered ({status})"
    if attempt > len(BACKOFF):
        logger.warning("chat channel %s: announcement of post %s given up after %s attempts (%s)",
                       channel.pk, post.pk, attempt, reason or status)
        return "given up"
    deliver_announcement.using(run_after=timezone.now() + BACKOFF[attempt - 1]).enqueue(
        channel_id, post_id, event, attempt + 1)
    return f"retry scheduled ({reason or status})"
