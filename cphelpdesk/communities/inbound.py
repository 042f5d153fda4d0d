"""Mail to a community's addresses, offered by the mail channel (`mail.routes`): posts to the list address,
bounces to its VERP return path. Everything else addressed elsewhere goes on to the query service."""

import re

from django.conf import settings

from cphelpdesk.communities import actions, bounces
from cphelpdesk.communities.models import Community, Post
from cphelpdesk.mail import classify as kinds
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.mail.routes import Routed

# <slug>, <slug>-<command> or <slug>-bounces+<token>, at the lists' domain.
LIST_ADDRESS = re.compile(r"^(?P<slug>[a-z0-9_-]+?)(?:-(?P<command>bounces|join|leave|owner|confirm)"
                          r"(?:\+(?P<token>[A-Za-z0-9._=-]+))?)?$")


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
    if kind != kinds.HUMAN:
        # Auto-replies, bounces to the list address and other lists' traffic never reach the subscribers.
        return Routed(InboundMessage.Status.AUTO_REPLY if kind in (kinds.AUTO_REPLY, kinds.OWN) else
                      InboundMessage.Status.LIST, f"{community.slug}: {kind} dropped")
    if command:
        return Routed(InboundMessage.Status.QUARANTINED, f"{community.slug}: unknown command {command}")
    author = sender if sender is not None and verdict is not None and verdict.authenticated else None
    post = actions.submit_post(actions.Submission(
        community=community, subject=mail.subject, body=mail.text or "", author=author,
        author_name=mail.sender_name or "", author_email=mail.sender_address, message_id=mail.message_id.strip("<>"),
        in_reply_to=" ".join(f"<{item.strip('<>')}>" for item in mail.in_reply_to),
        references=" ".join(f"<{item.strip('<>')}>" for item in mail.references),
        named_recipients=list(mail.recipients), size=inbound.size, inbound=inbound))
    state = "held" if post.status == Post.Status.HELD else "posted"
    return Routed(InboundMessage.Status.PROCESSED, f"{community.slug}: {state} {post.uid}")
