"""The communities through the API: chat groups' messages in (a bridge's signed webhook, Telegram's updates, a
Matrix homeserver's transactions), and the archives read page by page, with exactly what the reader may read on
the website (`communities.access`).

The chat routes are not called with an API token but by a chat platform or bridge, each authenticated with the
channel's secret: HMAC-signed (`X-CPH-Timestamp`, `X-CPH-Signature`), Telegram's `X-Telegram-Bot-Api-Secret-Token`,
or the homeserver's `Authorization: Bearer <hs_token>`."""

import hmac
import json

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Status
from ninja.security import APIKeyHeader, HttpBearer

from cphelpdesk.api.community_schemas import (
    ArchiveFilters,
    ChatAnnouncement,
    ChatMessageIn,
    ChatOutcome,
    ChatOutcomes,
    CommunityPage,
    MatrixAnswer,
    MatrixTransaction,
    PostPage,
    TelegramUpdate,
    ThreadPage,
)
from cphelpdesk.api.conditional import keyset_page, next_url
from cphelpdesk.api.problems import Problem, problem
from cphelpdesk.communities import webhooks
from cphelpdesk.communities.access import community_access, readable_communities
from cphelpdesk.communities.chat import matrix, telegram
from cphelpdesk.communities.chat.messages import ChatMessage, Outcome, ignored, receive
from cphelpdesk.communities.models import ChatChannel, Community, Post, Subscription, Thread
from cphelpdesk.communities.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, SignatureRefused

router = Router(tags=["communities"])


def install(api) -> None:
    """Mount the routes under /api/communities and answer a refused signature as a problem."""
    api.add_router("/communities", router)
    api.webhooks["chatAnnouncement"] = (
        "New threads and the helpdesk's answers, to a chat group's bridge",
        "POSTed to the channel's outgoing address by the worker, signed with the channel's secret as the inbound "
        "webhook is (`X-CPH-Signature: sha256=` + HMAC-SHA256 of `\"{X-CPH-Timestamp}.{body}\"`); a failed "
        "delivery is tried again after 1, 5, 30 and 120 minutes.", ChatAnnouncement)
    api.add_exception_handler(SignatureRefused, lambda request, exc: problem(request, exc.kind, str(exc)))
    api.add_exception_handler(telegram.OtherChat, lambda request, exc: problem(request, "forbidden", str(exc)))


# --- who is calling: the channel, by its secret -------------------------------------------------------------

def _channel(request, *kinds: str) -> ChatChannel:
    channel_id = str((request.resolver_match.kwargs if request.resolver_match else {}).get("channel_id", ""))
    channel = ChatChannel.objects.select_related("community").filter(
        pk=int(channel_id) if channel_id.isdigit() and len(channel_id) < 18 else 0, kind__in=kinds).first()
    if channel is None:
        raise Http404
    return channel


def _switched_on(channel: ChatChannel) -> ChatChannel:
    # Checked once the caller is proven: the state of a channel is none of a stranger's business.
    if not channel.is_active or not channel.community.is_active:
        raise PermissionDenied("This chat channel (or its community) is switched off.")
    return channel


class ChannelSignature(APIKeyHeader):
    """`X-CPH-Signature: sha256=<hex>` of `f"{X-CPH-Timestamp}.{body}"` with the channel's secret."""

    param_name = SIGNATURE_HEADER

    def authenticate(self, request, key):
        channel = _channel(request, *ChatChannel.Kind.values)
        request.chat_signature = webhooks.check_signature(channel, request.headers.get(TIMESTAMP_HEADER), key,
                                                          request.body)
        return _switched_on(channel)


class TelegramSecret(APIKeyHeader):
    """The `secret_token` given to Telegram's `setWebhook`: the channel's secret."""

    param_name = "X-Telegram-Bot-Api-Secret-Token"

    def authenticate(self, request, key):
        channel = _channel(request, ChatChannel.Kind.TELEGRAM)
        if not key or not hmac.compare_digest(key.encode(), channel.secret.encode()):
            raise SignatureRefused("bad-signature", f"{self.param_name} is missing or is not this channel's "
                                                    "secret (give it to setWebhook as secret_token).")
        return _switched_on(channel)


class HomeserverToken(HttpBearer):
    """The `hs_token` of the application service's registration: the channel's secret."""

    def __call__(self, request):
        channel = _channel(request, ChatChannel.Kind.MATRIX)
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise SignatureRefused("bad-signature", "Send the registration's hs_token as `Authorization: Bearer`.")
        return self.authenticate(request, header.removeprefix("Bearer ").strip(), channel)

    def authenticate(self, request, token, channel=None):
        if channel is None or not hmac.compare_digest(token.encode(), channel.secret.encode()):
            raise PermissionDenied("This is not the hs_token of this channel's application service.")
        return _switched_on(channel)


def _outcome(outcome: Outcome) -> dict:
    post = outcome.post
    return {"outcome": outcome.status, "post": post.uid if post else None, "thread": post.thread_id if post else None,
            "query": outcome.query_reference or None, "reason": outcome.reason or None}


def _received(channel: ChatChannel, read: ChatMessage | str) -> dict:
    return _outcome(receive(channel, read) if isinstance(read, ChatMessage) else ignored(read))


# --- chat groups in -----------------------------------------------------------------------------------------

@router.post("/channels/{channel_id}/messages", auth=ChannelSignature(),
             response={201: ChatOutcome, 200: ChatOutcome, 409: Problem}, summary="Post a message of a chat group")
def receive_chat_message(request, channel_id: int, payload: ChatMessageIn):
    """A bridge posts a message of its group into the community (a reply to a known message joins its thread),
    or raises it as a query with `raise_query`. Sign the raw body: `X-CPH-Timestamp` (Unix seconds) and
    `X-CPH-Signature: sha256=` + hex HMAC-SHA256 of `"{timestamp}.{body}"` with the channel's secret. A signature
    over five minutes old is refused (401), and so is one already used (409): sign each request afresh. 201 for
    a new post or query, 200 for a message already received or left out."""
    channel = request.auth
    with transaction.atomic():
        if not webhooks.remember(channel, request.chat_signature):
            raise SignatureRefused("replayed", "This signature was used already: a request is accepted once. "
                                               "Sign each request with its own timestamp.")
        outcome = receive(channel, ChatMessage(
            external_id=payload.message_id, author_name=payload.author_name, author_id=payload.author_id,
            text=payload.text, sent_at=payload.sent_at, reply_to=payload.reply_to or "",
            reply_to_post=payload.reply_to_post, raise_query=payload.raise_query))
    return Status(201 if outcome.status in ("posted", "held", "query") else 200, _outcome(outcome))


@router.post("/channels/{channel_id}/telegram", auth=TelegramSecret(), response={200: ChatOutcomes},
             summary="Take an update of a Telegram group")
def receive_telegram_update(request, channel_id: int, payload: TelegramUpdate):
    """The address to give Telegram's `setWebhook` (with the channel's secret as `secret_token`). New text
    messages of the channel's group become posts (`/query ...` raises a query); an update Telegram sends again
    is taken once. An update from another chat is refused (403)."""
    channel = request.auth
    with transaction.atomic():
        if not webhooks.remember(channel, f"telegram-update:{payload.update_id}"):
            return {"results": [_outcome(Outcome("duplicate"))]}
        return {"results": [_received(channel, telegram.read_update(channel, json.loads(request.body)))]}


@router.put("/channels/{channel_id}/matrix/_matrix/app/v1/transactions/{txn_id}", auth=HomeserverToken(),
            response={200: MatrixAnswer}, summary="Take a transaction of a Matrix homeserver")
def receive_matrix_transaction(request, channel_id: int, txn_id: str, payload: MatrixTransaction):
    """Register an application service whose `url` is `/api/communities/channels/{channel_id}/matrix` with the
    channel's secret as `hs_token`. The room's new text messages become posts (`!query ...` raises a query); a
    transaction sent again is answered without being taken twice, as the application-service API asks."""
    channel = request.auth
    with transaction.atomic():
        if webhooks.remember(channel, f"matrix-transaction:{txn_id}"):
            for event in json.loads(request.body).get("events", []):
                _received(channel, matrix.read_event(channel, event))
    return {}


# --- the archives -------------------------------------------------------------------------------------------

def _page(request, response: HttpResponse, rows: list, cursor: str | None, represent) -> dict:
    following = next_url(request, cursor)
    if following:
        response["Link"] = f'<{following}>; rel="next"'
    return {"next": following, "results": [represent(row) for row in rows]}


def _readable(request, slug: str) -> Community:
    community = Community.objects.filter(slug=slug[:60]).first()
    if community is None or not community_access(request.user, community).can_read:
        raise Http404
    return community


@router.get("", response=CommunityPage, summary="List the communities you may read")
def list_communities(request, response: HttpResponse, filters: Query[ArchiveFilters]):
    """Newest first; `next` (and the `Link` header) leads to the following page."""
    rows, cursor = keyset_page(readable_communities(request.user), "created_at", filters.cursor, filters.page_size,
                               "communities")
    mine = set(Subscription.objects.filter(member=request.user, community__in=rows).values_list("community_id",
                                                                                                flat=True))
    return _page(request, response, rows, cursor, lambda community: {
        "slug": community.slug, "name": community.name, "description": community.description,
        "language": community.language, "list_address": community.list_address,
        "visibility": community.visibility, "joining": community.joining, "posting": community.posting,
        "subscribed": community.pk in mine, "page": reverse("communities:community", args=[community.slug]),
        "threads": reverse("api:list_community_threads", args=[community.slug])})


@router.get("/{slug}/threads", response=ThreadPage, url_name="list_community_threads",
            summary="List the threads of a community")
def list_community_threads(request, response: HttpResponse, slug: str, filters: Query[ArchiveFilters]):
    """Latest activity first; `next` (and the `Link` header) leads to the following page."""
    community = _readable(request, slug)
    rows, cursor = keyset_page(Thread.objects.filter(community=community), "last_post_at", filters.cursor,
                               filters.page_size, "community-threads")
    return _page(request, response, rows, cursor, lambda thread: {
        "id": thread.pk, "subject": thread.subject, "started_at": thread.started_at,
        "last_post_at": thread.last_post_at, "post_count": thread.post_count,
        "page": reverse("communities:thread", args=[community.slug, thread.pk]),
        "posts": reverse("api:list_thread_posts", args=[community.slug, thread.pk])})


@router.get("/{slug}/threads/{thread_id}/posts", response=PostPage, url_name="list_thread_posts",
            summary="Read the posts of a thread")
def list_thread_posts(request, response: HttpResponse, slug: str, thread_id: int, filters: Query[ArchiveFilters]):
    """Its published posts, oldest first; `next` (and the `Link` header) leads to the following page."""
    community = _readable(request, slug)
    thread = Thread.objects.filter(community=community, pk=thread_id).first()
    if thread is None:
        raise Http404
    posts = Post.objects.filter(thread=thread, status=Post.Status.PUBLISHED).select_related("parent")
    rows, cursor = keyset_page(posts, "posted_at", filters.cursor, filters.page_size, "thread-posts",
                               oldest_first=True)
    return _page(request, response, rows, cursor, lambda post: {
        "uid": post.uid, "author": post.author_name, "subject": post.subject,
        "body": post.body, "via": post.via, "posted_at": post.posted_at,
        "in_reply_to": post.parent.uid if post.parent_id else None,
        "page": reverse("communities:post", args=[community.slug, post.uid])})
