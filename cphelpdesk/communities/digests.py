"""Daily and weekly digests, as Mailman 3 builds them (run by `communities.tasks`).

A digest subscriber gets, once a day or once a week, every post published since their last digest, each post
in one digest once (`Subscription.digest_sent_up_to`, the newest post already sent), none from before they
subscribed. Two formats (`Subscription.digest_format`):
- MIME: a text/plain part (the masthead, the topics, the footer) and a multipart/digest whose message/rfc822
  parts are the posts themselves, each with its own Message-ID, In-Reply-To and References: a mail program
  answers one post and the reply threads under it in the archive;
- plain text, RFC 1153: the masthead, the topics, then each post's Date, From, Subject and Message-ID headers
  and text between separator lines, closed by "End of ... Digest".
The wrapper is written in the subscriber's language; each digest has a Message-ID of its own and the list's
headers, and goes out through the outbox with the subscriber's VERP return path, so its bounces count too.

The outbox carries a MIME digest's posts as attachments of type message/rfc822 (`mail.sending.build` puts them
together in one multipart/digest): each post is written to storage once per run (`post_message`; again at the
next run, so a post's text changed since, e.g. redacted, is the one that goes), and every subscriber's digest
names the same files.
"""

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cphelpdesk.communities.delivery import (
    absolute,
    bounce_address,
    list_headers,
    post_headers,
    tagged_subject,
    unsubscribe_headers,
)
from cphelpdesk.communities.links import unsubscribe_url
from cphelpdesk.communities.models import Community, Post, Subscription
from cphelpdesk.communities.threads import new_message_id
from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.mail.outbox import enqueue_many

TEMPLATE = "community_digest"
# Seven-bit parts: a digest may cross relays that do not take 8-bit MIME; headers folded only past 998
# characters (a long Archived-At URL would otherwise be encoded as words no mail program reads as a link).
_POLICY = SMTP.clone(cte_type="7bit", max_line_length=998)
_UNSUBSCRIBE_MARK = "\x00unsubscribe\x00"


def send_digests(delivery: str, now=None) -> int:
    """Record a digest for each active `delivery` (daily or weekly) subscriber with new posts, in every
    community; returns how many digests."""
    now = now or timezone.now()
    return sum(send_community_digests(community, delivery, now)
               for community in Community.objects.filter(is_active=True).order_by("pk"))


@transaction.atomic
def send_community_digests(community: Community, delivery: str, now) -> int:
    """One community's digests; each subscriber's mark moves past the posts in the same transaction as their
    digest is recorded, so a post is never in two digests nor in none."""
    # Only the subscriptions' rows are locked (PostgreSQL refuses to lock the nullable side of the member join).
    subscriptions = list(Subscription.objects.select_for_update(of=("self",)).filter(
        community=community, status=Subscription.Status.ACTIVE, delivery=delivery).select_related("member"))
    if not subscriptions:
        return 0
    posts = list(Post.objects.filter(
        community=community, status=Post.Status.PUBLISHED, thread__isnull=False,
        pk__gt=min(subscription.digest_sent_up_to for subscription in subscriptions))
        .exclude(via=Post.Via.IMPORT).order_by("pk"))
    for post in posts:
        post.community = community
    wrappers, digests, written = {}, [], set()
    shared = {**list_headers(community), "To": community.list_address, "Reply-To": community.list_address,
              "Date": format_datetime(now), "Precedence": "list", "X-Auto-Response-Suppress": "All"}
    for subscription in subscriptions:
        subscription.community = community
        address = subscription.address
        due = [post for post in posts if post.pk > subscription.digest_sent_up_to
               and post.posted_at >= subscription.subscribed_at]
        if not address or not due:
            continue
        key = (subscription.reading_language, subscription.digest_format, tuple(post.pk for post in due))
        if key not in wrappers:
            wrappers[key] = _wrapper(community, due, subscription, delivery, now)
        if subscription.digest_format == Subscription.DigestFormat.MIME:
            for post in due:
                if post.pk not in written:
                    post_message(post)
                    written.add(post.pk)
        subject, body, parts = wrappers[key]
        unsubscribe = unsubscribe_url(subscription)
        digests.append(OutboundMessage(
            template=TEMPLATE, to=[address], subject=subject, attachments=parts,
            sender=formataddr((community.name, community.list_address)),
            return_path=bounce_address(community, subscription),
            body=body.replace(_UNSUBSCRIBE_MARK, unsubscribe),
            headers={**shared, **unsubscribe_headers(community, unsubscribe),
                     "Message-ID": f"<digest.{new_message_id()}>"}))
        subscription.digest_sent_up_to, subscription.last_digest_at = due[-1].pk, now
    enqueue_many(digests)
    Subscription.objects.bulk_update([s for s in subscriptions if s.last_digest_at == now],
                                     ["digest_sent_up_to", "last_digest_at"])
    return len(digests)


def _wrapper(community: Community, posts: list[Post], subscription: Subscription, delivery: str,
             now) -> tuple[str, str, list[dict]]:
    """(subject, body with an unsubscribe mark, the outbox's attachments) of a digest of `posts` in the
    subscriber's language and format."""
    plain = subscription.digest_format == Subscription.DigestFormat.PLAIN
    volume, issue = now.year, (now.isocalendar().week if delivery == Subscription.Delivery.WEEKLY
                               else now.timetuple().tm_yday)
    with translation.override(subscription.reading_language):
        subject = gettext("%(name)s digest, Vol %(volume)s, Issue %(issue)s") % {
            "name": community.name, "volume": volume, "issue": issue}
        body = render_to_string("communities/mail/digest.txt", {
            "community": community, "subject": subject, "plain": plain, "unsubscribe": _UNSUBSCRIBE_MARK,
            "archive": absolute(reverse("communities:threads", args=[community.slug])),
            "settings_url": absolute(reverse("communities:subscriptions")),
            "posts": [{"post": post, "author": _author(post), "date": format_datetime(post.posted_at),
                       "subject": tagged_subject(community, post.subject)} for post in posts]})
    parts = [] if plain else [{"name": f"{post.uid}.eml", "content_type": "message/rfc822",
                               "path": post_message_path(post)} for post in posts]
    return subject, body, parts


def post_message(post: Post) -> None:
    """Write `post` as a whole message (its own headers, its text) where digests find it."""
    message = EmailMessage(policy=_POLICY)
    for name, value in post_headers(post).items():
        if name not in {"Precedence", "X-Auto-Response-Suppress"}:
            message[name] = value
    message["From"] = _author(post)
    message["Subject"] = tagged_subject(post.community, post.subject)
    message.set_content(post.body)
    path = post_message_path(post)
    default_storage.delete(path)  # the storage would otherwise keep the old text and save under another name
    default_storage.save(path, ContentFile(message.as_bytes()))


def rewrite_kept_copy(post: Post) -> None:
    """After `post` changed (an erasure scrubbed it): the copy kept for digests says what the post says now, so a
    digest still waiting in the outbox sends no word that was removed."""
    if default_storage.exists(post_message_path(post)):
        post_message(post)


def post_message_path(post: Post) -> str:
    """Where a post's message for digests is kept (to be removed with the post)."""
    return f"communities/{post.community_id}/digest/{post.uid}.eml"


def _author(post: Post) -> str:
    return formataddr((post.author_name, post.author_email)) if post.author_email else \
        post.author_name or post.community.name

