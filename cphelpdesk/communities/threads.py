"""Which thread a post joins: by its In-Reply-To and References (the list copy's or a digest's Message-ID),
else by its subject, as archivers (HyperKitty, pipermail) do."""

import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cphelpdesk.communities.models import Community, Post

MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
# "Re:", "RE :", "Fwd:", "TR:", "RV:", "AW:", "رد:" and a list's "[tag]", however many, before the subject.
_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|tr|rv|aw|sv|vs|رد|إعادة توجيه)\s*(?:\[\d+\])?\s*[:：]\s*|\[[^\]]{1,60}\]\s*)",
                     re.IGNORECASE)
# A reply by subject alone joins a thread only while that thread is recent (a new question may reuse a subject).
SUBJECT_WINDOW = timedelta(days=60)


def new_message_id() -> str:
    """A Message-ID for a post written on the web, in a chat group or by the helpdesk (without brackets)."""
    return f"{uuid.uuid4().hex}@{settings.HELPDESK_LISTS_DOMAIN}"


def message_ids(value: str) -> list[str]:
    """The Message-IDs named in an In-Reply-To or References header, without their angle brackets."""
    return MESSAGE_ID.findall(value or "")


def base_subject(subject: str) -> str:
    """The subject without reply and forward prefixes or list tags, for matching a thread."""
    previous = None
    subject = " ".join((subject or "").split())
    while previous != subject:
        previous, subject = subject, _PREFIX.sub("", subject, count=1)
    return subject.strip()


def find_parent(community: Community, *, in_reply_to: str = "", references: str = "",
                subject: str = "") -> Post | None:
    """The archived post this one answers: the newest named in In-Reply-To, then in References, then (for a
    subject that says it is a reply) the latest post of a recent thread with the same subject."""
    wanted = message_ids(in_reply_to) + list(reversed(message_ids(references)))
    if wanted:
        found = {post.message_id: post for post in Post.objects.filter(
            community=community, message_id__in=[item.strip("<>") for item in wanted]).exclude(
            thread=None).select_related("thread")}
        for message_id in wanted:
            if message_id in found:
                return found[message_id]
    stripped = base_subject(subject)
    if not stripped or stripped == " ".join((subject or "").split()):
        return None  # not a reply by its subject either
    return (Post.objects.filter(community=community, status=Post.Status.PUBLISHED,
                                thread__subject__iexact=stripped,
                                thread__last_post_at__gte=timezone.now() - SUBJECT_WINDOW)
            .select_related("thread").order_by("-posted_at", "-id").first())
