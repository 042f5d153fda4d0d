"""What changes a community: subscribing, posting (by email, web, chat or the helpdesk) and moderating.

Every way in calls `submit_post`; a post either publishes at once (archived in its thread, then sent to the
subscribers by `communities.delivery`) or waits for a moderator with its reasons (`hold_reasons`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cphelpdesk.communities import delivery, indexing, webhooks
from cphelpdesk.communities.access import community_access
from cphelpdesk.communities.models import Community, Post, PostAttachment, SenderRule, Subscription, Thread
from cphelpdesk.communities.threads import base_subject, find_parent, message_ids, new_message_id
from cphelpdesk.core import audit
from cphelpdesk.core.notifications import queue_notification
from cphelpdesk.core.uploads import check_upload


@dataclass
class Submission:
    """A post as it arrives, before anyone decided whether it is published or held."""

    community: Community
    subject: str
    body: str
    via: str = Post.Via.EMAIL
    author: object = None  # the member who wrote it, when known (and, by email, proven)
    author_name: str = ""
    author_email: str = ""
    parent: Post | None = None  # the post it answers, when the caller knows it (the web's reply button)
    message_id: str = ""
    in_reply_to: str = ""
    references: str = ""
    named_recipients: list[str] = field(default_factory=list)  # To/Cc addresses of a post by email
    size: int = 0  # bytes of the message as received
    posted_at: datetime | None = None  # an imported archive keeps its dates
    inbound: object = None  # the stored raw message of a post by email
    # Reasons found by the caller (`communities.holds`) that the post waits for a moderator.
    hold_reasons: list[str] = field(default_factory=list)
    # Files already accepted by the caller's checks (Django files); checked again as they are stored.
    attachments: list = field(default_factory=list)
    # Whether the poster may hear what moderators decide (not a machine, a null sender, an unknown address).
    notify_poster: bool = True


@transaction.atomic
def submit_post(submission: Submission) -> Post:
    """Archive a post: published (and sent) at once unless it has reasons to be held."""
    community = submission.community
    parent = submission.parent or find_parent(community, in_reply_to=submission.in_reply_to,
                                              references=submission.references, subject=submission.subject)
    # Kept without angle brackets (as `message_id`): the list copies write them back.
    answered = message_ids(submission.in_reply_to)
    post = Post.objects.create(
        community=community, parent=parent, thread=parent.thread if parent is not None else None,
        message_id=submission.message_id or new_message_id(),
        in_reply_to=parent.message_id if parent is not None else (answered[0] if answered else ""),
        references=_references(submission.references, parent),
        author=submission.author, author_name=submission.author_name[:200],
        author_email=submission.author_email, subject=submission.subject[:300] or "(no subject)",
        body=submission.body, named_recipients=[address.lower() for address in submission.named_recipients],
        via=submission.via, posted_at=submission.posted_at or timezone.now(),
        status=Post.Status.HELD if submission.hold_reasons else Post.Status.PUBLISHED,
        hold_reasons=list(submission.hold_reasons), inbound=submission.inbound,
        notify_poster=submission.notify_poster)
    for upload in submission.attachments:
        _attach(post, upload)
    if post.status == Post.Status.PUBLISHED:
        _archive(post)
        if submission.via != Post.Via.IMPORT:
            delivery.fan_out(post)
            webhooks.announce(post)
            _tell_followers(post)
    return post


def _references(given: str, parent: Post | None) -> str:
    """The References of a post (ids without brackets): those it came with, else its parent's and the parent;
    the parent it was found to answer always last (a reply to a digest names the digest, not the post)."""
    ids = message_ids(given) or (parent.references.split() if parent is not None else [])
    if parent is not None and (not ids or ids[-1] != parent.message_id):
        ids = [item for item in ids if item != parent.message_id] + [parent.message_id]
    while len(ids) > 1 and sum(len(item) + 1 for item in ids) > 4000:
        ids.pop(0)  # the oldest go first, whole (the column's size is the limit)
    return " ".join(ids)


def _attach(post: Post, upload) -> PostAttachment:
    """Store a file on `post` under a name of our own, after the same checks as every upload."""
    checked = check_upload(upload)
    attachment = PostAttachment(post=post, original_name=checked.name, content_type=checked.content_type,
                                size=checked.size, sha256=checked.sha256)
    attachment.file.save(checked.name, upload, save=True)
    return attachment


def _archive(post: Post) -> None:
    """Put a published post in its thread (a new thread when it answers nothing in the archive)."""
    if post.thread_id is None:
        post.thread = Thread.objects.create(community_id=post.community_id,
                                            subject=base_subject(post.subject) or post.subject,
                                            started_at=post.posted_at, last_post_at=post.posted_at)
        post.save(update_fields=["thread"])
    Thread.objects.filter(pk=post.thread_id).update(post_count=F("post_count") + 1)
    Thread.objects.filter(pk=post.thread_id, last_post_at__lt=post.posted_at).update(last_post_at=post.posted_at)
    indexing.index(post)


def _rule_on_sender(post: Post, action: str, *, actor) -> None:
    """The moderator's standing decision on the post's address (allowed from now on, or banned)."""
    if post.author_email:
        SenderRule.objects.update_or_create(community_id=post.community_id, address=post.author_email.lower(),
                                            defaults={"action": action, "decided_by": actor,
                                                      "decided_at": timezone.now()})


@transaction.atomic
def approve(post: Post, *, actor, allow_sender: bool = False) -> Post:
    """A moderator releases a held post: archived and sent as if it had never been held; with
    `allow_sender`, that address's posts are not held for being a non-subscriber's from now on."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.HELD:
        return post
    if allow_sender:
        _rule_on_sender(post, SenderRule.Action.ALLOW, actor=actor)
    post.status, post.moderated_by, post.moderated_at = Post.Status.PUBLISHED, actor, timezone.now()
    if post.parent_id is not None and post.thread_id is None:
        post.thread_id = post.parent.thread_id
    post.save(update_fields=["status", "moderated_by", "moderated_at", "thread"])
    _archive(post)
    delivery.fan_out(post)
    webhooks.announce(post)
    _tell_followers(post)
    audit.record(actor=actor, action="community_post.approved", target=post, allow_sender=allow_sender)
    return post


@transaction.atomic
def reject(post: Post, *, actor, reason: str = "", ban_sender: bool = False) -> Post:
    """A moderator refuses a held post with a reason for its author; with `ban_sender`, that address's
    posts are discarded from now on."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.HELD:
        return post
    if ban_sender:
        _rule_on_sender(post, SenderRule.Action.BAN, actor=actor)
    post.status, post.moderated_by, post.moderated_at = Post.Status.REJECTED, actor, timezone.now()
    post.moderation_reason = reason
    post.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"])
    audit.record(actor=actor, action="community_post.rejected", target=post, ban_sender=ban_sender)
    return post


@transaction.atomic
def subscribe(*, community: Community, actor, member=None, email: str = "", name: str = "",
              delivery_mode: str = Subscription.Delivery.EACH_POST,
              status: str = Subscription.Status.ACTIVE) -> Subscription:
    """Subscribe a member (or, for owners' imports, an address without an account); subscribing again
    changes nothing but the delivery mode and brings a suspended or pending subscription back."""
    lookup = {"member": member} if member is not None else {"email": email.strip().lower()}
    subscription, created = Subscription.objects.get_or_create(
        community=community, **lookup, defaults={"display_name": name[:200], "delivery": delivery_mode,
                                                 "status": status})
    if not created:
        if subscription.delivery == Subscription.Delivery.EACH_POST != delivery_mode:
            # They had every post so far by mail: their first digest starts after them.
            subscription.digest_sent_up_to = _latest_post_id(community)
        subscription.delivery, subscription.status = delivery_mode, status
        if status == Subscription.Status.ACTIVE:
            subscription.bounce_score, subscription.suspended_at = 0.0, None
        subscription.save(update_fields=["delivery", "status", "bounce_score", "suspended_at", "digest_sent_up_to"])
    audit.record(actor=actor, action="community_subscription.created" if created else
                 "community_subscription.changed", target=subscription, community=community.slug)
    return subscription


def _latest_post_id(community: Community) -> int:
    return Post.objects.filter(community=community).order_by("-pk").values_list("pk", flat=True).first() or 0


@transaction.atomic
def unsubscribe(subscription: Subscription, *, actor) -> None:
    """End a subscription: the very next post no longer goes to it."""
    audit.record(actor=actor, action="community_subscription.deleted", target=subscription,
                 community=subscription.community.slug)
    subscription.delete()


def allowed_senders(community: Community, addresses: Iterable[str]) -> dict[str, str]:
    """The moderators' standing rule (allow or ban) for each of `addresses` that has one."""
    return dict(SenderRule.objects.filter(community=community, address__in=[a.lower() for a in addresses])
                .values_list("address", "action"))


def follow(thread: Thread, *, member, following: bool = True) -> None:
    """Follow a thread (its new posts are mailed to `member`) or stop following it."""
    if following:
        thread.followers.add(member)
    else:
        thread.followers.remove(member)


def _tell_followers(post: Post) -> None:
    """Mail a thread's followers of a new post, except its author and those who get every post by mail
    anyway; each in their language, only while they may still read the archive."""
    thread = post.thread
    each_post = Subscription.objects.filter(community_id=post.community_id, status=Subscription.Status.ACTIVE,
                                            delivery=Subscription.Delivery.EACH_POST).values("member_id")
    followers = thread.followers.exclude(pk__in=each_post)
    if post.author_id:
        followers = followers.exclude(pk=post.author_id)
    community = post.community
    url = delivery.absolute(reverse("communities:thread", args=[community.slug, thread.pk])) + f"#post-{post.uid}"
    for follower in followers:
        if not community_access(follower, community).can_read:
            continue
        queue_notification(template="communities/email/followed_post", to=[follower.email],
                           language=follower.preferred_language or community.language,
                           context={"community": community, "thread": thread, "post": post, "url": url})


@transaction.atomic
def join(community: Community, *, member, delivery_mode: str = Subscription.Delivery.EACH_POST) -> Subscription:
    """A member joins from the web: at once on an open community, pending a moderator's approval on one that
    joins on approval. (Invitation-only communities are not joined this way; callers check `can_join`.)"""
    status = Subscription.Status.ACTIVE if community.joining == Community.Joining.OPEN else \
        Subscription.Status.PENDING_APPROVAL
    return subscribe(community=community, actor=member, member=member, delivery_mode=delivery_mode, status=status)


@transaction.atomic
def change_delivery(subscription: Subscription, *, actor, delivery_mode: str, avoid_duplicates: bool,
                    receive_own_posts: bool = True, digest_format: str = Subscription.DigestFormat.MIME) -> None:
    """A subscriber changes how they receive the list (each post, digests, web only; duplicates, their own
    posts, the digest's format); the very next post follows it."""
    if subscription.delivery == Subscription.Delivery.EACH_POST != delivery_mode:
        # They had every post so far by mail: their first digest starts after them.
        subscription.digest_sent_up_to = _latest_post_id(subscription.community)
    subscription.delivery, subscription.avoid_duplicates = delivery_mode, avoid_duplicates
    subscription.receive_own_posts, subscription.digest_format = receive_own_posts, digest_format
    subscription.save(update_fields=["delivery", "avoid_duplicates", "receive_own_posts", "digest_format",
                                     "digest_sent_up_to"])
    audit.record(actor=actor, action="community_subscription.changed", target=subscription,
                 community=subscription.community.slug, delivery=delivery_mode)
