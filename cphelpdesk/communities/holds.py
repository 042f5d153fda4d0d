"""Why a post waits for a moderator (Mailman's hold reasons): stable codes kept in `Post.hold_reasons`, shown
translated (`labels`). Every way in asks `reasons_to_hold` before `actions.submit_post`.

- a sender whose address a moderator banned is discarded silently (`is_banned`: no post, no notice);
- non-subscribers are held, unless a moderator allowed their address; a member's (or subscriber's) address
  that the mail does not prove is held whoever claims it, allowed or not: it must never post as them;
- announce-only lists hold everyone but their moderators, owners and the helpdesk's officers and managers;
  moderated lists hold every post but theirs;
- posts over the community's size or To/Cc limits, and posts where the personal-data detector finds a child's
  details (a name with an age or birth date, a case or registration number), are held whoever wrote them: a
  list of 3,000 field staff must not spread a child's identity.
"""

from django.utils.translation import gettext_lazy as _

from cphelpdesk.communities.access import community_access
from cphelpdesk.communities.actions import allowed_senders
from cphelpdesk.communities.models import Community, SenderRule, Subscription
from cphelpdesk.detection import kinds
from cphelpdesk.detection.detector import find_personal_data

NON_SUBSCRIBER = "non_subscriber"
UNPROVEN_SENDER = "unproven_sender"
ANNOUNCE_ONLY = "announce_only"
MODERATED = "moderated"
TOO_LARGE = "too_large"
TOO_MANY_RECIPIENTS = "too_many_recipients"
CHILD_DETAILS = "child_details"

LABELS = {
    NON_SUBSCRIBER: _("The sender is not a subscriber."),
    UNPROVEN_SENDER: _("The mail does not prove that it comes from the address it claims."),
    ANNOUNCE_ONLY: _("Only moderators post to this announcement list."),
    MODERATED: _("Every post to this community is read by a moderator first."),
    TOO_LARGE: _("The message is larger than this community accepts."),
    TOO_MANY_RECIPIENTS: _("The message names too many recipients."),
    CHILD_DETAILS: _("The message seems to carry a child's details (a name with an age, or a case number)."),
}
# The detector's kinds that identify a child in a child-protection list: a name given with an age or birth
# date, and a case or registration number (CPIMS+, Primero, proGres).
CHILD_KINDS = frozenset({kinds.CHILD_NAME_AGE, kinds.CASE_ID})
# Subscriptions whose holder posts as a subscriber (a suspended one still writes; only delivery stopped).
POSTING = (Subscription.Status.ACTIVE, Subscription.Status.SUSPENDED)


def is_banned(community: Community, address: str) -> bool:
    """Whether a moderator banned `address` from this community (its posts are discarded unseen)."""
    address = (address or "").lower()
    return bool(address) and allowed_senders(community, [address]).get(address) == SenderRule.Action.BAN


def reasons_to_hold(community: Community, *, author=None, address: str = "", unproven: bool = False,
                    size: int = 0, recipient_count: int = 0, text: str = "",
                    sender_names: tuple[str, ...] = ()) -> list[str]:
    """The codes for which a post waits for a moderator (empty: it is published at once).

    `author` is the member who proved they wrote it (None otherwise), `address` the sender's address,
    `unproven` whether that address is a member's or a subscriber's that the mail did not prove."""
    address = (address or "").lower()
    moderates = subscribed = False
    if author is not None:
        access = community_access(author, community)
        moderates = access.can_moderate
        subscribed = access.subscription is not None and access.subscription.status in POSTING
    if not subscribed and address and not unproven:
        # An address-only subscription (an owner's import) counts for the member who proved that address too.
        subscribed = Subscription.objects.filter(community=community, email=address, status__in=POSTING).exists()
    allowed = bool(address) and allowed_senders(community, [address]).get(address) == SenderRule.Action.ALLOW
    held = []
    if unproven:
        held.append(UNPROVEN_SENDER)
    if not moderates:
        if community.posting == Community.Posting.ANNOUNCE:
            held.append(ANNOUNCE_ONLY)
        elif community.posting == Community.Posting.MODERATED:
            held.append(MODERATED)
        elif not subscribed and not allowed and not unproven:
            held.append(NON_SUBSCRIBER)
    if size > community.max_message_kb * 1024:
        held.append(TOO_LARGE)
    if recipient_count > community.max_recipients:
        held.append(TOO_MANY_RECIPIENTS)
    if carries_child_details(text, community.language, sender_names):
        held.append(CHILD_DETAILS)
    return held


def carries_child_details(text: str, language: str, sender_names: tuple[str, ...] = ()) -> bool:
    """Whether the detector finds a child's details in `text` (the sender's own name and signature aside)."""
    findings = find_personal_data(text, language, sender_names=[name for name in sender_names if name])
    return any(finding.kind in CHILD_KINDS for finding in findings)


def labels(codes: list[str]) -> list:
    """The hold reasons, translated when shown (lazily: a notice renders them in its reader's language); a code
    no longer known is shown as it is."""
    return [LABELS.get(code, code) for code in codes]
