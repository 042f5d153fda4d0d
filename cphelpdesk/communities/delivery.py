"""Sending a published post to the community's each-post subscribers, as lists do.

One message per recipient, recorded in the outbox in one go (`mail.outbox.enqueue_many`) and sent by the worker
over reused SMTP connections. Each copy's return path names its subscriber (VERP:
`<list>-bounces+<token>@<lists domain>`), so a bounce says exactly whose address failed. The list's headers
(RFC 2369, 2919, 8058), the From rewritten for DMARC and a footer in the subscriber's language go on every copy.
"""

from email.utils import formataddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cphelpdesk.communities.links import unsubscribe_url
from cphelpdesk.communities.models import Community, Post, Subscription
from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.mail.outbox import enqueue_many

TEMPLATE = "community_post"


def fan_out(post: Post) -> int:
    """Record a copy of `post` for each active each-post subscriber (not the ones its To/Cc already named,
    when they asked for no duplicates); returns how many. Runs in the transaction that published the post."""
    community = post.community
    named = set(post.named_recipients)
    subscriptions = (Subscription.objects.filter(community=community, status=Subscription.Status.ACTIVE,
                                                 delivery=Subscription.Delivery.EACH_POST)
                     .select_related("member").order_by("pk"))
    shared = list_headers(community)
    shared.update({"Message-ID": f"<{post.message_id}>", "Archived-At": f"<{archive_url(post)}>",
                   "Precedence": "list", "X-Auto-Response-Suppress": "All",
                   "X-Loop": community.list_address})  # a copy coming back is known as ours (communities.inbound)
    if post.in_reply_to:
        shared["In-Reply-To"] = f"<{post.in_reply_to}>"
    if post.references:
        shared["References"] = " ".join(f"<{item}>" for item in post.references.split())
    sender, reply_to = from_and_reply_to(post)
    shared["Reply-To"] = reply_to
    subject = tagged_subject(community, post.subject)
    copies = []
    for subscription in subscriptions:
        address = subscription.address
        if not address or (subscription.avoid_duplicates and address.lower() in named):
            continue
        unsubscribe = unsubscribe_url(subscription)
        headers = {**shared, "List-Unsubscribe": f"<{unsubscribe}>, <mailto:{community.command_address('leave')}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        copies.append(OutboundMessage(
            template=TEMPLATE, to=[address], subject=subject, sender=sender,
            return_path=bounce_address(community, subscription), headers=headers,
            body=post.body.rstrip() + "\n\n" + footer(community, subscription, unsubscribe)))
    enqueue_many(copies)
    return len(copies)


def list_headers(community: Community) -> dict[str, str]:
    """The headers every mail of the list carries (RFC 2919 List-Id, RFC 2369 List-*)."""
    archive = absolute(reverse("communities:threads", args=[community.slug]))
    return {
        "List-Id": f"{_quoted(community.name)} <{community.list_id}>",
        "List-Post": f"<mailto:{community.list_address}>"
        if community.posting != Community.Posting.ANNOUNCE else "NO",
        "List-Archive": f"<{archive}>",
        "List-Help": f"<{absolute(reverse('communities:community', args=[community.slug]))}>",
        "List-Subscribe": f"<{absolute(reverse('communities:index'))}>, "
                          f"<mailto:{community.command_address('join')}>",
        "List-Owner": f"<mailto:{community.command_address('owner')}>",
    }


def from_and_reply_to(post: Post) -> tuple[str, str]:
    """From "Name via Community" at the list address, as Mailman 3's DMARC mitigation does by default: a
    receiver checking the poster's domain's DMARC policy would refuse the list's copy otherwise. Replies go to
    the list or to the poster, as the community says."""
    community = post.community
    name = post.author_name or post.author_email.partition("@")[0] or community.name
    sender = formataddr((f"{name} via {community.name}", community.list_address))
    if community.reply_to == Community.ReplyTo.POSTER and post.author_email:
        return sender, formataddr((post.author_name, post.author_email))
    return sender, community.list_address


def tagged_subject(community: Community, subject: str) -> str:
    """The subject with the community's tag in front, once."""
    if not community.subject_tag:
        return subject
    tag = f"[{community.subject_tag}]"
    return subject if tag in subject else f"{tag} {subject}"


def bounce_address(community: Community, subscription: Subscription) -> str:
    """The VERP return path of this subscriber's copies."""
    return f"{community.slug}-bounces+{subscription.token}@{settings.HELPDESK_LISTS_DOMAIN}"


def footer(community: Community, subscription: Subscription, unsubscribe: str) -> str:
    """The list footer in the subscriber's language: where the archive is, how to leave."""
    with translation.override(subscription.reading_language):
        return render_to_string("communities/mail/footer.txt", {
            "community": community, "unsubscribe": unsubscribe,
            "archive": absolute(reverse("communities:threads", args=[community.slug])),
            "settings_url": absolute(reverse("communities:index"))})


def archive_url(post: Post) -> str:
    """The post's permanent place in the archive (Archived-At)."""
    return absolute(reverse("communities:post", args=[post.community.slug, post.uid]))


def absolute(path: str) -> str:
    return settings.HELPDESK_BASE_URL.rstrip("/") + path


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
