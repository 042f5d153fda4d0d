"""Sending a published post to the community's each-post subscribers, as lists do.

One message per recipient, recorded in the outbox in one go (`mail.outbox.enqueue_many`) and sent by the worker
over reused SMTP connections. Each copy's return path names its subscriber (VERP:
`<list>-bounces+<token>@<lists domain>`), so a bounce says exactly whose address failed. The list's headers
(RFC 2369, 2919, 8058), the From rewritten for DMARC and a footer in the subscriber's language go on every copy.

Choices made as Mailman 3 makes them by default:
- the author gets their own post too (`Subscription.receive_own_posts`), so they see it went out;
- a subscriber whose address the post's To/Cc already named gets no second copy (`avoid_duplicates`);
- an address subscribed twice (a member, and the same address imported) gets one copy;
- copies are plain text only, as the post was written: no HTML alternative (`mail.sending.build` leaves it out
  of mail with a List-Id), lighter for readers on bad connections and for the worker sending thousands;
- the post's files travel with each copy while they fit HELPDESK_MAX_MAILED_ATTACHMENT_BYTES together, else
  the footer names them and points to the archive.
Addresses, delivery modes and statuses are read here, when the post leaves: an address change or a departure
takes effect for the very next post.
"""

from email.utils import format_datetime, formataddr

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cphelpdesk.communities.links import unsubscribe_url
from cphelpdesk.communities.models import Community, Post, Subscription
from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.mail.outbox import enqueue_many

TEMPLATE = "community_post"
# Stands for each subscriber's own unsubscribe link in a footer rendered once per language.
_UNSUBSCRIBE_MARK = "\x00unsubscribe\x00"


def fan_out(post: Post) -> int:
    """Record a copy of `post` for each active each-post subscriber (see the module's rules); returns how many.
    Runs in the transaction that published the post, so the copies are recorded with it."""
    community = post.community
    subscriptions = (Subscription.objects.filter(community=community, status=Subscription.Status.ACTIVE,
                                                 delivery=Subscription.Delivery.EACH_POST)
                     .select_related("member").order_by("pk"))
    shared = {**list_headers(community), **post_headers(post)}
    sender, reply_to = from_and_reply_to(post)
    shared["Reply-To"] = reply_to
    if community.reply_to == Community.ReplyTo.LIST and post.author_email:
        # The poster's address, hidden from From by the DMARC rewrite, stays one "reply all" away (Mailman 3).
        shared["Cc"] = formataddr((post.author_name, post.author_email))
    subject = tagged_subject(community, post.subject)
    attachments, not_attached = mailed_files(post)
    footers = FooterCache(community, files=not_attached, archived_at=archive_url(post))
    named, author = set(post.named_recipients), (post.author_email or "").lower()
    body, seen, copies = post.body.rstrip() + "\n\n", set(), []
    for subscription in subscriptions:
        subscription.community = community  # its reading language falls back to the community's
        address = (subscription.address or "").lower()
        if not address or address in seen or (subscription.avoid_duplicates and address in named):
            continue
        if not subscription.receive_own_posts and (
                address == author or (post.author_id and subscription.member_id == post.author_id)):
            continue
        seen.add(address)
        unsubscribe = unsubscribe_url(subscription)
        copies.append(OutboundMessage(
            template=TEMPLATE, to=[subscription.address], subject=subject, sender=sender,
            return_path=bounce_address(community, subscription), attachments=attachments,
            headers={**shared, **unsubscribe_headers(community, unsubscribe)},
            body=body + footers.render(subscription, unsubscribe)))
    enqueue_many(copies)
    return len(copies)


def post_headers(post: Post) -> dict[str, str]:
    """The headers that make a copy the post itself for mail clients and archives: its own Message-ID (a reply
    names it, and threads), its date, its place in the thread and in the archive."""
    headers = {"To": post.community.list_address, "Message-ID": f"<{post.message_id}>",
               "Date": format_datetime(post.posted_at), "Archived-At": f"<{archive_url(post)}>",
               "Precedence": "list", "X-Auto-Response-Suppress": "All"}
    if post.in_reply_to:
        headers["In-Reply-To"] = f"<{post.in_reply_to.strip('<> ')}>"
    if post.references:
        headers["References"] = " ".join(f"<{item.strip('<>')}>" for item in post.references.split())
    return headers


def list_headers(community: Community) -> dict[str, str]:
    """The headers every mail of the list carries (RFC 2919 List-Id, RFC 2369 List-*)."""
    archive = absolute(reverse("communities:threads", args=[community.slug]))
    return {
        "List-Id": f"{_quoted(community.name)} <{community.list_id}>",
        "X-Loop": community.list_address,  # a copy coming back is known as ours (communities.inbound)
        "List-Post": f"<mailto:{community.list_address}>"
        if community.posting != Community.Posting.ANNOUNCE else "NO",
        "List-Archive": f"<{archive}>",
        "List-Help": f"<{absolute(reverse('communities:community', args=[community.slug]))}>",
        "List-Subscribe": f"<{absolute(reverse('communities:index'))}>, "
                          f"<mailto:{community.command_address('join')}>",
        "List-Owner": f"<mailto:{community.command_address('owner')}>",
    }


def unsubscribe_headers(community: Community, unsubscribe: str) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe (the subscriber's own https link first, then mail to -leave) and RFC 8058's
    one-click marker, which says the https link leaves on a POST with no other step."""
    return {"List-Unsubscribe": f"<{unsubscribe}>, <mailto:{community.command_address('leave')}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def mailed_files(post: Post) -> tuple[list[dict], list]:
    """(the outbox's attachments, the files left out): the post's files travel with it while all of them fit
    HELPDESK_MAX_MAILED_ATTACHMENT_BYTES; past that, none do and the footer names them."""
    files = list(post.attachments.all())
    if sum(file.size for file in files) <= settings.HELPDESK_MAX_MAILED_ATTACHMENT_BYTES:
        return [{"name": file.original_name, "content_type": file.content_type, "path": file.file.name}
                for file in files], []
    return [], files


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


def footer(community: Community, subscription: Subscription, unsubscribe: str, *, files=(),
           archived_at: str = "") -> str:
    """The list footer in the subscriber's language: where the archive is, how to leave (and where the files
    too large to mail are)."""
    with translation.override(subscription.reading_language):
        return render_to_string("communities/mail/footer.txt", {
            "community": community, "unsubscribe": unsubscribe, "files": files, "archived_at": archived_at,
            "archive": absolute(reverse("communities:threads", args=[community.slug])),
            "settings_url": absolute(reverse("communities:subscriptions"))})


class FooterCache:
    """Footers rendered once per language, each subscriber's unsubscribe link put in afterwards: a post to
    thousands renders its footer a handful of times, not thousands."""

    def __init__(self, community: Community, **context):
        self.community, self.context, self.by_language = community, context, {}

    def render(self, subscription: Subscription, unsubscribe: str) -> str:
        language = subscription.reading_language
        if language not in self.by_language:
            self.by_language[language] = footer(self.community, subscription, _UNSUBSCRIBE_MARK, **self.context)
        return self.by_language[language].replace(_UNSUBSCRIBE_MARK, unsubscribe)


def archive_url(post: Post) -> str:
    """The post's permanent place in the archive (Archived-At)."""
    return absolute(reverse("communities:post", args=[post.community.slug, post.uid]))


def absolute(path: str) -> str:
    return settings.HELPDESK_BASE_URL.rstrip("/") + path


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
