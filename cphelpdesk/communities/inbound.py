"""Mail to a community's addresses, offered by the mail channel (`mail.routes`): posts to the list address,
bounces to its VERP return path, the command addresses (`-join`, `-leave`, `-confirm+<token>`). Everything
addressed elsewhere goes on to the query service.

Loops and noise never reach the subscribers: bounces to the list address, automatic replies, other lists'
traffic (`mail.classify`), and our own list copies coming back (our `X-Loop`, our `List-Id`, a From at the lists'
domain, or a Message-ID already in this community's archive) are recorded and dropped.

A post's sender is who the mail proves: a member's address counts as theirs only when the mail proves it (the
`verdict` of `mail.authentication`); an address-only subscriber's is checked the same way here. An unproven
claim of a member's or subscriber's address is held for a moderator and never posted as them (`holds`).
"""

import re

from django.conf import settings

from cphelpdesk.communities import actions, bounces, commands, holds, moderation
from cphelpdesk.communities.models import Community, Post, Subscription
from cphelpdesk.communities.threads import find_parent
from cphelpdesk.mail import classify as kinds
from cphelpdesk.mail.actions import checked_attachments
from cphelpdesk.mail.authentication import verify_sender
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.mail.parsing import ADDRESS, clean_header, without_leading_blank_lines
from cphelpdesk.mail.routes import Routed

# <slug>, <slug>-<command> or <slug>-bounces+<token>, at the lists' domain.
LIST_ADDRESS = re.compile(r"^(?P<slug>[a-z0-9_-]+?)(?:-(?P<command>bounces|join|leave|owner|confirm)"
                          r"(?:\+(?P<token>[A-Za-z0-9._=-]+))?)?$")
# A Message-ID line quoted from a plain-text digest (RFC 1153 keeps each post's headers): a reply to the
# whole digest names its post only there.
QUOTED_MESSAGE_ID = re.compile(r"^[ \t>]*Message-ID:[ \t]*(<[^<>\s]+>)", re.I | re.M)


def addressed_community(inbound: InboundMessage, mail) -> tuple[Community, str, str] | None:
    """(community, command, token) of the first list address the message was sent to: the envelope first
    (the MTA's word), then the recipients its headers name."""
    domain = settings.HELPDESK_LISTS_DOMAIN.lower()
    addresses = [address.lower() for address in [*(inbound.envelope_to or []), *mail.recipients]]
    for address in addresses:
        local, _at, at_domain = address.strip("<> ").rpartition("@")
        if at_domain != domain:
            continue
        matched = LIST_ADDRESS.match(local)
        if matched is None:
            continue
        community = Community.objects.filter(slug=matched["slug"]).first()
        if community is not None:
            return community, matched["command"] or "", matched["token"] or ""
    return None


def route(inbound: InboundMessage, mail, kind: str, sender, verdict) -> Routed | None:
    """Take mail addressed to a community (see `mail.routes`); None leaves it to the query service."""
    addressed = addressed_community(inbound, mail)
    if addressed is None:
        return None
    community, command, token = addressed
    if command == "bounces":
        return bounces.receive(community, token, mail, kind)
    if kind == kinds.HUMAN and is_our_copy(community, mail):
        kind = kinds.OWN
    if kind != kinds.HUMAN:
        # Auto-replies, bounces to the list address, other lists' traffic and our own copies coming back never
        # reach the subscribers (nor answer a notice).
        return Routed(InboundMessage.Status.AUTO_REPLY if kind in (kinds.AUTO_REPLY, kinds.OWN) else
                      InboundMessage.Status.BOUNCE if kind == kinds.BOUNCE else InboundMessage.Status.LIST,
                      f"{community.slug}: {kind} dropped")
    if mail.sender_problem:
        return Routed(InboundMessage.Status.QUARANTINED, f"{community.slug}: quarantined, {mail.sender_problem}"[:200])
    if command == "confirm":
        return commands.confirm_by_mail(community, token, inbound, mail, sender, verdict)
    if command == "join":
        return commands.join(community, inbound, mail, sender)
    if command == "leave":
        return commands.leave(community, inbound, mail, sender)
    if command == "owner":
        return commands.to_owners(community, mail)
    return post_by_mail(community, inbound, mail, sender, verdict)


def is_our_copy(community: Community, mail) -> bool:
    """Whether this is one of the list's own copies coming back (a subscriber's forwarding, a list subscribed
    to itself): our loop marker, a From that is one of our lists' addresses (the list's copies are From
    "Name via <list>"), or a Message-ID already in this community's archive."""
    loop = {clean_header(value).lower() for value in (mail.message.get_all("X-Loop") or [])} \
        if mail.message is not None else set()
    if community.list_address.lower() in loop:
        return True
    local, _at, domain = mail.sender_address.lower().rpartition("@")
    matched = LIST_ADDRESS.match(local) if domain == settings.HELPDESK_LISTS_DOMAIN.lower() else None
    if matched is not None and Community.objects.filter(slug=matched["slug"]).exists():
        return True  # From one of our lists' addresses (the lists' domain may be shared with people's)
    message_id = mail.message_id.strip().strip("<>")
    return bool(message_id) and Post.objects.filter(community=community, message_id=message_id).exists()


def post_by_mail(community: Community, inbound: InboundMessage, mail, sender, verdict) -> Routed:
    """A post to the list address: discarded unseen from a banned sender, else archived and sent, or held
    with its reasons (the moderators and the poster are told)."""
    address = mail.sender_address.lower()
    if holds.is_banned(community, address):
        return Routed(InboundMessage.Status.PROCESSED, f"{community.slug}: discarded (banned sender)")
    author, unproven = _proven_author(community, inbound, mail, sender, verdict)
    body = mail.text or ""
    files, refused = checked_attachments(mail)
    if refused:
        body += "\n\n" + "\n".join(f"[{note}]" for note in refused)
    in_reply_to = " ".join(mail.in_reply_to)
    references = " ".join(mail.references)
    parent = find_parent(community, in_reply_to=in_reply_to, references=references, subject=mail.subject) or \
        _digest_parent(community, mail)
    named = _named_recipients(mail)
    post = moderation.submit(actions.Submission(
        community=community, subject=mail.subject, body=body, author=author,
        author_name=mail.sender_name or (author.full_name if author is not None else ""), author_email=address,
        parent=parent, message_id=mail.message_id.strip().strip("<>"), in_reply_to=in_reply_to,
        references=references, named_recipients=list(mail.recipients), size=inbound.size, inbound=inbound,
        attachments=files, notify_poster=moderation.may_answer(inbound, mail),
        hold_reasons=holds.reasons_to_hold(
            community, author=author, address=address, unproven=unproven, size=inbound.size,
            recipient_count=len(named), text=f"{mail.subject}\n{body}", sender_names=(mail.sender_name,))))
    if post.status == Post.Status.HELD:
        return Routed(InboundMessage.Status.PROCESSED,
                      f"{community.slug}: held {post.uid} ({', '.join(post.hold_reasons)})"[:200])
    return Routed(InboundMessage.Status.PROCESSED, f"{community.slug}: posted {post.uid}")


def _proven_author(community: Community, inbound: InboundMessage, mail, sender, verdict) -> tuple[object, bool]:
    """(the member the mail proves it comes from, or None; whether it claims a member's or a subscriber's
    address without proving it)."""
    if sender is not None:
        proven = verdict is not None and verdict.authenticated
        return (sender, False) if proven else (None, True)
    address = mail.sender_address.lower()
    if not Subscription.objects.filter(community=community, email=address).exists():
        return None, False  # a stranger claims nobody's address: held as a non-subscriber
    # An address-only subscriber: mail.actions asked no proof (no member claimed), so it is asked here.
    raw = InboundMessage.objects.filter(pk=inbound.pk).values_list("raw", flat=True).first() or b""
    verdict = verify_sender(raw=without_leading_blank_lines(bytes(raw)), address=address,
                            envelope_from=inbound.envelope_from, client_address=inbound.client_address or "",
                            client_helo=inbound.client_helo)
    return None, not verdict.authenticated


def _digest_parent(community: Community, mail) -> Post | None:
    """The post a reply to a whole digest answers: the first of its quoted posts' Message-IDs in the archive."""
    quoted = QUOTED_MESSAGE_ID.findall(mail.text or "")
    return find_parent(community, in_reply_to=" ".join(quoted[:50])) if quoted else None


def _named_recipients(mail) -> set[str]:
    """The distinct addresses in To and Cc (the recipients limit counts them)."""
    if mail.message is None:
        return set()
    values = [*(mail.message.get_all("To") or []), *(mail.message.get_all("Cc") or [])]
    return {address.lower() for value in values for address in ADDRESS.findall(clean_header(value))}
