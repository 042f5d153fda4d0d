"""The list's command addresses: `<list>-join@`, `<list>-leave@` and `<list>-confirm+<token>@`, as Mailman's.

Joining and leaving by mail are confirmed first: the address gets a mail it answers (a reply to
`<list>-confirm+<token>@`) or whose link it opens and confirms (by POST: link scanners only GET). Only then:

- joining follows the community's policy: open lists take the subscriber at once; lists on approval put them
  before a moderator; lists by invitation refuse, politely. An address with no account (or whose account is not
  approved yet) may join open lists only (on approval, a moderator would be judging a stranger: they register
  first). Its subscription is an address-only one (no member), as an owner's import makes; and as "open" means
  open to approved members, a moderator approves it unless the archive is public anyway.
- leaving is always possible, whatever the state of the subscription.

A request to join is a subscription waiting for confirmation; it is void after CONFIRM_WITHIN, and it never
stands in the way of joining on the web (`access.community_access`).

Mail from machines or with a null sender is never answered, and every notice counts against the mailbox's
hourly allowance (`moderation.may_notify`): a forged From must not turn the list into a flood.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cphelpdesk.communities import actions, moderation, tokens
from cphelpdesk.communities.models import Community, Subscription
from cphelpdesk.core import links
from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.mail.routes import Routed

DONE = InboundMessage.Status.PROCESSED
# A request to join not confirmed within this is void (asking again sends a new confirmation).
CONFIRM_WITHIN = timedelta(days=14)


class ConfirmationProblem(links.LinkProblem):
    """A confirmation that cannot be used: tampered with, or already used."""

    problems = {"invalid": (_("This confirmation is not valid, or it has been used already. Sign in to manage "
                              "your communities."), 400)}
    title = _("Communities")


def join(community: Community, inbound: InboundMessage, mail, sender) -> Routed:
    """Mail to `<list>-join@`: a confirmation to the sender's address (or a polite refusal)."""
    address = mail.sender_address.lower()
    if not moderation.may_answer(inbound, mail):
        return Routed(DONE, f"{community.slug}: join from a machine, not answered")
    existing = _subscription_of(community, address, sender)
    if existing is not None and existing.status != Subscription.Status.PENDING_CONFIRMATION:
        _notify(existing.address, "joined" if existing.status != Subscription.Status.PENDING_APPROVAL
                else "join_pending", community, existing.reading_language)
        return Routed(DONE, f"{community.slug}: join, already {existing.status}")
    known = sender is not None and sender.is_approved
    if not community.is_active or community.joining == Community.Joining.INVITATION or \
            (not known and community.joining != Community.Joining.OPEN):
        _notify(address, "join_refused", community, sender.preferred_language if sender else community.language,
                invitation=community.joining == Community.Joining.INVITATION)
        return Routed(DONE, f"{community.slug}: join refused ({community.joining})")
    if existing is not None:  # asked again: a fresh confirmation, its days counted from now
        Subscription.objects.filter(pk=existing.pk).update(subscribed_at=timezone.now())
    subscription = existing or Subscription.objects.create(
        community=community, member=sender, email="" if sender is not None else address,
        display_name="" if sender is not None else mail.sender_name[:200],
        status=Subscription.Status.PENDING_CONFIRMATION)
    _ask_to_confirm(subscription, tokens.CONFIRM_JOIN)
    return Routed(DONE, f"{community.slug}: join to confirm")


def leave(community: Community, inbound: InboundMessage, mail, sender) -> Routed:
    """Mail to `<list>-leave@`: a confirmation to the subscribed address."""
    if not moderation.may_answer(inbound, mail):
        return Routed(DONE, f"{community.slug}: leave from a machine, not answered")
    subscription = _subscription_of(community, mail.sender_address.lower(), sender)
    if subscription is None:
        _notify(mail.sender_address, "not_subscribed", community,
                sender.preferred_language if sender else community.language)
        return Routed(DONE, f"{community.slug}: leave, not subscribed")
    _ask_to_confirm(subscription, tokens.CONFIRM_LEAVE)
    return Routed(DONE, f"{community.slug}: leave to confirm")


def to_owners(community: Community, mail) -> Routed:
    """Mail to `<list>-owner@` (the List-Owner address): passed on to the owners and moderators, answerable to
    its sender."""
    people = moderation.moderators_of(community)
    for person in people:
        queue_notification(template=f"{moderation.MODERATOR_PREFIX}owner_mail", to=[person.email],
                           language=person.preferred_language or community.language,
                           headers={"Reply-To": mail.sender_address},
                           context={"community": community, "sender": mail.sender_name or mail.sender_address,
                                    "address": mail.sender_address, "subject": mail.subject,
                                    "text": (mail.text or "")[:20000]})
    return Routed(DONE if people else InboundMessage.Status.QUARANTINED,
                  f"{community.slug}: to the owners ({len(people)})")


def confirm_by_mail(community: Community, token: str, inbound: InboundMessage, mail, sender, verdict) -> Routed:
    """A reply to `<list>-confirm+<token>@`: a moderator's decision, or a subscriber confirming."""
    named = tokens.read(token)
    if named is None:
        return Routed(DONE, f"{community.slug}: confirmation token not valid")
    kind, pk = named
    if kind in (tokens.MODERATE_POST, tokens.DECIDE_REQUEST):
        return moderation.answer_by_mail(community, kind, pk, token, mail, sender, verdict)
    try:
        subscription, kind = subscription_to_confirm(token)
    except ConfirmationProblem:
        return Routed(DONE, f"{community.slug}: confirmation not valid or used")
    if subscription.community_id != community.pk:
        return Routed(DONE, f"{community.slug}: confirmation for another community")
    return Routed(DONE, f"{community.slug}: {confirm(subscription, kind)}")


def subscription_to_confirm(token: str) -> tuple[Subscription, str]:
    """(subscription, kind) a join or leave confirmation names, or `ConfirmationProblem`."""
    named = tokens.read(token)
    if named is None or named[0] not in (tokens.CONFIRM_JOIN, tokens.CONFIRM_LEAVE):
        raise ConfirmationProblem("invalid")
    kind, pk = named
    subscription = Subscription.objects.select_related("community", "member").filter(pk=pk).first()
    if subscription is None or not tokens.matches(token, kind, pk, subscription.token) or (
            kind == tokens.CONFIRM_JOIN and (subscription.status != Subscription.Status.PENDING_CONFIRMATION or
                                             subscription.subscribed_at < timezone.now() - CONFIRM_WITHIN)):
        raise ConfirmationProblem("invalid")
    return subscription, kind


@transaction.atomic
def confirm(subscription: Subscription, kind: str) -> str:
    """Carry out a confirmed join or leave; returns what happened, in a few words."""
    community, address, language = subscription.community, subscription.address, subscription.reading_language
    if kind == tokens.CONFIRM_LEAVE:
        actions.unsubscribe(subscription, actor=None)
        _notify(address, "left", community, language)
        return "left"
    member = subscription.member
    if community.joining == Community.Joining.APPROVAL or (
            community.visibility != Community.Visibility.PUBLIC and not (member is not None and member.is_approved)):
        Subscription.objects.filter(pk=subscription.pk).update(status=Subscription.Status.PENDING_APPROVAL)
        subscription.status = Subscription.Status.PENDING_APPROVAL
        moderation.request_received(subscription)
        _notify(address, "join_pending", community, language)
        return "pending"
    actions.subscribe(community=community, actor=member, member=member, email=subscription.email,
                      name=subscription.display_name, delivery_mode=subscription.delivery)
    _notify(address, "joined", community, language)
    return "joined"


def confirm_url(token: str) -> str:
    return absolute_url("communities:confirm", token=token)


def _subscription_of(community: Community, address: str, member) -> Subscription | None:
    if member is not None:
        return Subscription.objects.filter(community=community, member=member).first()
    return Subscription.objects.filter(community=community, email=address).first()


def _ask_to_confirm(subscription: Subscription, kind: str) -> None:
    token = tokens.make(kind, subscription.pk, subscription.token)
    _notify(subscription.address, "join_confirm" if kind == tokens.CONFIRM_JOIN else "leave_confirm",
            subscription.community, subscription.reading_language,
            headers={"Reply-To": tokens.reply_address(subscription.community, token)}, confirm_url=confirm_url(token))


def _notify(address: str, what: str, community: Community, language: str, headers: dict | None = None,
            **context) -> None:
    if address and moderation.may_notify(address):
        queue_notification(template=f"{moderation.NOTICE_PREFIX}{what}", to=[address], language=language,
                           headers=headers, context={
                               "community": community, **context, "leave_address": community.command_address("leave"),
                               "archive_url": absolute_url("communities:threads", slug=community.slug)})
