"""Moderation: held posts and subscription requests, decided on the web or by answering the notice mail.

Moderators, owners (and the helpdesk's officers and managers, on the web) approve a held post, approve it and
allow its sender from now on, reject it with a reason, ban its sender (reject, and discard their later posts
unseen) or discard it. Each moderator and owner gets a notice of a held post with a reply address carrying a
signed token (`<list>-confirm+<token>@`): a reply whose first line is a command word acts, when it comes from a
proven moderator (`answer_by_mail`).

The poster hears what happened once, in their language: that the post is held, then that it was approved or
rejected (with the reason). Never a machine or a null sender (decided when the mail arrived:
`Post.notify_poster`), and at most `mail.actions.ACKNOWLEDGEMENTS_PER_HOUR` notices an hour to one mailbox, so
that a list cannot be used to flood someone. A ban and a discard say nothing: spam gets no answer.
"""

import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cphelpdesk.communities import actions, holds, tokens
from cphelpdesk.communities.access import community_access
from cphelpdesk.communities.models import Community, Post, Subscription
from cphelpdesk.core import audit
from cphelpdesk.core.languages import detect_language
from cphelpdesk.core.notifications import absolute_url, queue_notification
from cphelpdesk.core.uploads import check_upload
from cphelpdesk.mail import classify as kinds
from cphelpdesk.mail.actions import ACKNOWLEDGEMENTS_PER_HOUR, NULL_SENDERS, new_text, normalised_mailbox
from cphelpdesk.mail.models import InboundMessage, OutboundMessage
from cphelpdesk.mail.routes import Routed

APPROVE, ALLOW, REJECT, BAN, DISCARD = "approve", "allow", "reject", "ban", "discard"
VERBS = {
    APPROVE: _("Approve"), ALLOW: _("Approve and allow this sender from now on"),
    REJECT: _("Reject (the poster is told the reason)"), BAN: _("Ban this sender (reject, discard their posts)"),
    DISCARD: _("Discard (nobody is told)"),
}
# The first word of a moderator's answer to a notice, in English, French, Spanish and Arabic. Deliberately
# no "ok", "yes" or "no": a chatty reply ("Ok, I will look tomorrow") must not decide anything.
COMMAND_WORDS = {
    APPROVE: {"approve", "approved", "accept", "approuver", "approuve", "approuvé", "accepter", "accepte",
              "aprobar", "apruebo", "aprobado", "aceptar", "acepto", "موافقة", "الموافقة", "موافق", "أوافق", "قبول",
              "اقبل", "أقبل"},
    ALLOW: {"allow", "autoriser", "autorise", "permitir", "permito", "سماح", "السماح", "اسمح"},
    REJECT: {"reject", "rejected", "refuse", "rejeter", "rejette", "refuser", "rechazar", "rechazo", "rechazado",
             "رفض", "الرفض", "ارفض", "أرفض"},
    BAN: {"ban", "bannir", "bloquer", "bloquear", "prohibir", "حظر", "احظر"},
    DISCARD: {"discard", "delete", "supprimer", "supprime", "jeter", "ignorer", "descartar", "descarto", "eliminar",
              "تجاهل", "حذف", "احذف"},
}
_WORD = re.compile(r"[\w\u0600-\u06ff]+", re.UNICODE)
# Only notices to posters and would-be subscribers are counted (those to moderators are theirs to receive).
NOTICE_PREFIX = "communities/email/notice_"
MODERATOR_PREFIX = "communities/email/moderator_"


# --- held posts ------------------------------------------------------------------------------------------

@transaction.atomic
def submit(submission: actions.Submission) -> Post:
    """A post from any way in (mail, web, chat): archived and sent, or held (with `submission.hold_reasons`,
    from `holds.reasons_to_hold`) and then the moderators and the poster are told."""
    post = actions.submit_post(submission)
    if post.status == Post.Status.HELD:
        post_held(post)
    return post


def post_held(post: Post) -> None:
    """A post now waits: each moderator and owner gets a notice they can answer; the poster is told once."""
    community = post.community
    reply_to = tokens.reply_address(community, tokens.make(tokens.MODERATE_POST, post.pk, str(post.uid)))
    reasons = post.hold_reasons
    for moderator in moderators_of(community):
        queue_notification(template=f"{MODERATOR_PREFIX}held", to=[moderator.email],
                           language=moderator.preferred_language or community.language, headers={"Reply-To": reply_to},
                           context={"community": community, "post": post, "reasons": holds.labels(reasons),
                                    # A child's details do not travel by mail: the text is read on the web.
                                    "show_text": holds.CHILD_DETAILS not in reasons,
                                    "queue_url": queue_url(community)})
    tell_poster(post, "held")


def moderators_of(community: Community) -> list:
    """The community's active moderators and owners (each once), who get its notices; a community without any
    falls to the officers of its desk, so that a held post never waits unseen."""
    people = {person.pk: person for person in [*community.moderators.filter(is_active=True),
                                                 *community.owners.filter(is_active=True)]}
    if not people and community.desk_id is not None:
        people = {person.pk: person for person in community.desk.officers.filter(is_active=True)}
    return [person for person in people.values() if person.email]


def queue_url(community: Community) -> str:
    return absolute_url("communities:moderation", slug=community.slug)


@transaction.atomic
def decide(post: Post, verb: str, *, actor, reason: str = "") -> bool:
    """A moderator's decision on a held post (`VERBS`); False when it was decided already (nothing changes,
    nobody is told twice)."""
    post = Post.objects.select_for_update(of=("self",)).select_related("community", "author").get(pk=post.pk)
    if post.status != Post.Status.HELD:
        return False
    if verb in (APPROVE, ALLOW):
        actions.approve(post, actor=actor, allow_sender=verb == ALLOW)
        post.refresh_from_db()
        tell_poster(post, "approved")
    elif verb in (REJECT, BAN):
        actions.reject(post, actor=actor, reason=reason.strip(), ban_sender=verb == BAN)
        post.refresh_from_db()
        if verb == REJECT:
            tell_poster(post, "rejected")
    elif verb == DISCARD:
        post.status, post.moderated_by, post.moderated_at = Post.Status.DISCARDED, actor, timezone.now()
        post.save(update_fields=["status", "moderated_by", "moderated_at"])
        audit.record(actor=actor, action="community_post.discarded", target=post)
    else:
        raise ValueError(f"unknown moderation verb {verb!r}")
    return True


def tell_poster(post: Post, what: str) -> bool:
    """Tell the poster that their post is `held`, `approved` or `rejected`, in their language; False when
    they may not be told (a machine, a null sender, too many notices this hour)."""
    address = post.author.email if post.author_id else post.author_email
    if not post.notify_poster or not address or not may_notify(address):
        return False
    community = post.community
    queue_notification(
        template=f"{NOTICE_PREFIX}{what}", to=[address], language=poster_language(post),
        context={"community": community, "post": post, "reasons": holds.labels(post.hold_reasons),
                 "reason": post.moderation_reason,
                 "thread_url": absolute_url("communities:thread", slug=community.slug, pk=post.thread_id)
                 if post.thread_id else ""})
    return True


def may_answer(inbound: InboundMessage, mail) -> bool:
    """Whether mail may be answered at all (RFC 3834): not a machine's, nor with a null envelope sender."""
    return kinds.may_auto_reply_to(mail) and inbound.envelope_from.strip().lower() not in NULL_SENDERS


def may_notify(address: str) -> bool:
    """At most ACKNOWLEDGEMENTS_PER_HOUR of the communities' notices to one mailbox an hour, however its address
    is spelt (as the helpdesk's acknowledgements): a forged From must not turn the lists into a flood."""
    mailbox = normalised_mailbox(address)
    since = timezone.now() - timedelta(hours=1)
    recent = OutboundMessage.objects.filter(template__startswith=NOTICE_PREFIX, created_at__gte=since
                                            ).values_list("to", flat=True)[:1000]
    return sum(1 for to in recent if to and normalised_mailbox(to[0]) == mailbox) < ACKNOWLEDGEMENTS_PER_HOUR


def poster_language(post: Post) -> str:
    """The poster's language: their account's, their subscription's, else the language they wrote in."""
    if post.author_id and post.author.preferred_language:
        return post.author.preferred_language
    subscription = Subscription.objects.filter(community=post.community, email=post.author_email.lower()).first()
    if subscription is not None:
        return subscription.reading_language
    return detect_language(f"{post.subject}\n{post.body}", default=post.community.language) or "en"


# --- subscription requests -----------------------------------------------------------------------------

def request_received(subscription: Subscription) -> None:
    """Someone confirmed they want to join a list on approval: each moderator and owner is asked."""
    community = subscription.community
    reply_to = tokens.reply_address(community, tokens.make(tokens.DECIDE_REQUEST, subscription.pk,
                                                            subscription.token))
    for moderator in moderators_of(community):
        queue_notification(template=f"{MODERATOR_PREFIX}request", to=[moderator.email],
                           language=moderator.preferred_language or community.language, headers={"Reply-To": reply_to},
                           context={"community": community, "subscription": subscription,
                                    "has_account": subscription.member_id is not None,
                                    "queue_url": queue_url(community)})


@transaction.atomic
def decide_request(subscription: Subscription, approve: bool, *, actor, reason: str = "") -> bool:
    """A moderator lets a would-be subscriber in, or refuses them (they are told, with the reason); False when
    the request was decided already."""
    subscription = Subscription.objects.select_for_update(of=("self",)).select_related("community", "member").filter(
        pk=subscription.pk, status=Subscription.Status.PENDING_APPROVAL).first()
    if subscription is None:
        return False
    community, address = subscription.community, subscription.address
    language = subscription.reading_language
    if approve:
        subscription.status = Subscription.Status.ACTIVE
        subscription.save(update_fields=["status"])
        audit.record(actor=actor, action="community_subscription.approved", target=subscription,
                     community=community.slug)
        template = "joined"
    else:
        audit.record(actor=actor, action="community_subscription.refused", target=subscription,
                     community=community.slug)
        subscription.delete()
        template = "request_refused"
    if may_notify(address):
        queue_notification(template=f"{NOTICE_PREFIX}{template}", to=[address], language=language,
                           context={"community": community, "reason": reason.strip(),
                                    "leave_address": community.command_address("leave"),
                                    "archive_url": absolute_url("communities:threads", slug=community.slug)})
    return True


def pending_requests(community: Community):
    """Subscriptions waiting for a moderator, oldest first."""
    return (Subscription.objects.filter(community=community, status=Subscription.Status.PENDING_APPROVAL)
            .select_related("member").order_by("subscribed_at", "pk"))


def held_posts(community: Community) -> list[Post]:
    """The community's held posts, oldest first, each with its reasons in the active language."""
    posts = list(Post.objects.filter(community=community, status=Post.Status.HELD)
                 .select_related("author", "parent").prefetch_related("attachments").order_by("posted_at", "pk"))
    for post in posts:
        post.reason_labels = holds.labels(post.hold_reasons)
    return posts


# --- answering a notice by mail -----------------------------------------------------------------------

def command_in(mail) -> tuple[str, str]:
    """(verb, reason) from a moderator's answer: the first line of what they wrote (the quoted notice set
    aside; a rejection's reason is the rest of that line, else the lines after it), else the subject's first
    word; ("", "") when neither starts with a command word."""
    written = new_text(mail.text) or mail.text or ""
    lines = [line.strip() for line in written.splitlines() if line.strip() and not line.lstrip().startswith(">")]
    if lines:
        verb = _verb(lines[0])
        if verb:
            rest = lines[0].split(None, 1)[1].strip(" :-") if len(lines[0].split(None, 1)) > 1 else ""
            return verb, rest or ("\n".join(lines[1:]).strip() if verb == REJECT else "")
    return _verb(re.sub(r"^\s*(re|ر[د]?)\s*:\s*", "", mail.subject or "", flags=re.I)), ""


def _verb(text: str) -> str:
    words = _WORD.findall(text.lower())
    return next((verb for verb, accepted in COMMAND_WORDS.items() if words and words[0] in accepted), "")


def answer_by_mail(community: Community, kind: str, pk: int, token: str, mail, sender, verdict) -> Routed:
    """A moderator's reply to a hold notice (`tokens.MODERATE_POST`) or a subscription request
    (`tokens.DECIDE_REQUEST`): acts only for a proven moderator of this community and a valid token."""
    done = InboundMessage.Status.PROCESSED
    proven = sender is not None and verdict is not None and verdict.authenticated
    if not proven or not community_access(sender, community).can_moderate:
        return Routed(done, f"{community.slug}: moderation refused (not a proven moderator)")
    verb, reason = command_in(mail)
    if kind == tokens.MODERATE_POST:
        post = Post.objects.filter(community=community, pk=pk).first()
        if post is None or not tokens.matches(token, kind, pk, str(post.uid)):
            return Routed(done, f"{community.slug}: moderation token not valid")
        if not verb:
            # Said back, so that a moderator who wrote something else knows the post still waits.
            queue_notification(template=f"{MODERATOR_PREFIX}not_understood", to=[sender.email],
                               language=sender.preferred_language or community.language,
                               headers={"Reply-To": tokens.reply_address(community, token)},
                               context={"community": community, "post": post, "queue_url": queue_url(community)})
            return Routed(done, f"{community.slug}: no moderation command understood")
        decided = decide(post, verb, actor=sender, reason=reason)
        return Routed(done, f"{community.slug}: {verb} {post.uid}" if decided else
                      f"{community.slug}: {post.uid} was decided already")
    subscription = Subscription.objects.filter(community=community, pk=pk).first()
    if subscription is None or not tokens.matches(token, kind, pk, subscription.token):
        return Routed(done, f"{community.slug}: request decided already or token not valid")
    if verb not in (APPROVE, ALLOW, REJECT, BAN):
        return Routed(done, f"{community.slug}: no decision on the request understood")
    decided = decide_request(subscription, verb in (APPROVE, ALLOW), actor=sender, reason=reason)
    return Routed(done, f"{community.slug}: request {verb if decided else 'decided already'}")


@transaction.atomic
def post_on_web(*, community: Community, author, subject: str, body: str, parent: Post | None = None,
                uploads=()) -> Post:
    """A member writes on the web: a new thread, or (with `parent`) a reply; it goes out by email as any post,
    held for the same reasons as mail (`holds.reasons_to_hold`: a moderated list, a child's details...).

    Every file is checked before anything is stored (a refused file raises ValidationError and leaves nothing).
    """
    for upload in uploads:
        check_upload(upload)  # all of them first: a refused file leaves nothing stored (checked again as stored)
    if parent is not None and not subject:
        subject = parent.subject if parent.subject.lower().startswith("re:") else f"Re: {parent.subject}"
    size = len(body.encode()) + sum(upload.size or 0 for upload in uploads)
    post = submit(actions.Submission(
        community=community, subject=subject, body=body, via=Post.Via.WEB, author=author,
        author_name=author.full_name, author_email=author.email, parent=parent, attachments=list(uploads),
        hold_reasons=holds.reasons_to_hold(community, author=author, address=author.email, size=size, text=body,
                                           sender_names=(author.full_name,))))
    audit.record(actor=author, action="community_post.created", target=post, via=Post.Via.WEB)
    return post
