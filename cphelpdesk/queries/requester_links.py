"""How a requester without an account follows their own query: a signed, expiring link in every mail to them,
to a page that shows the answers, takes more information and leads to the rating (`views.follow`).

The token is the signed (query id, nonce) of a `core.links.Purpose`, as the feedback link's; the
nonce is rotated each time the link adds information, so each link sends one message and an older one is
refused as already used; the page it leads to is the fresh link's. A member follows their queries from their
account instead: no link is made for them.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core import links
from cphelpdesk.core.notifications import absolute_url
from cphelpdesk.queries.models import Outcome, Query, RequesterLink, Status

SALT = "cphelpdesk.queries.requester"

# problem -> (what the page says, HTTP status)
PROBLEMS = {
    "invalid": (_("The link is not valid. Check that you copied all of it from the message."), 400),
    "wrong_query": (_("This link belongs to another query. Use the link from the message about this query."),
                    400),
    "used": (_("This link was already used. Use the link in our latest message about this query, or the page "
               "you were shown after sending your message."), 410),
    "expired": (_("This link has expired. Reply to our latest message about this query, or write to the "
                  "helpdesk again."), 410),
    "closed": (_("This query can no longer be followed here. Write to the helpdesk to ask a new question."), 410),
    "account": (_("This query is now followed from your account: log in to see it."), 410),
}


class RequesterLinkProblem(links.LinkProblem):
    """A requester link that cannot be used; `problem` says why (see `PROBLEMS`)."""

    problems = PROBLEMS
    title = _("Follow your question")


# No max age on the token: the link lives until the row's `expires_at`, which every mail to the requester moves.
REQUESTER_LINK = links.Purpose(SALT, RequesterLinkProblem)


def token(link: RequesterLink) -> str:
    """The signed (query id, nonce) carried by the link; valid while the nonce is the current one."""
    return REQUESTER_LINK.sign_row(link.query_id, link.nonce)


def link_url(link: RequesterLink, query: Query) -> str:
    return absolute_url("queries:follow", reference=query.reference, token=token(link))


def follow_url(query: Query, *, new: bool = False) -> str:
    """Where the requester follows `query`, for a mail to them (in the caller's transaction): the query page
    for a member; otherwise the current signed link, valid HELPDESK_REQUESTER_LINK_DAYS from this mail.
    `new`: the query was created in this transaction, so it has no link yet (one insert, no lookup)."""
    if query.requester_id or not query.requester_email:
        return absolute_url("queries:detail", reference=query.reference)
    expires = timezone.now() + timedelta(days=settings.HELPDESK_REQUESTER_LINK_DAYS)
    if new:
        link, created = RequesterLink.objects.create(query=query, nonce=links.new_nonce(), expires_at=expires), True
    else:
        link, created = RequesterLink.objects.get_or_create(query=query, defaults={
            "nonce": links.new_nonce(), "expires_at": expires})
    if not created:
        RequesterLink.objects.filter(pk=link.pk).update(expires_at=expires)
    return link_url(link, query)


def read(*, reference: str, token: str, lock: bool = False, now: datetime | None = None) -> RequesterLink:
    """The requester link a token is for (its row locked with `lock`), or `RequesterLinkProblem` saying why
    it cannot be used."""
    query_id, nonce = REQUESTER_LINK.unsign_row(token)
    rows = RequesterLink.objects.select_related("query", "query__desk")
    if lock:
        rows = rows.select_for_update(of=("self",))
    link = rows.filter(query_id=query_id).first()
    if link is None:
        raise RequesterLinkProblem("invalid")
    if link.query.reference != reference:
        raise RequesterLinkProblem("wrong_query")
    if not links.nonce_matches(nonce, link.nonce):
        raise RequesterLinkProblem("used")
    if link.is_expired(now):
        raise RequesterLinkProblem("expired")
    query = link.query
    if query.requester_id:
        raise RequesterLinkProblem("account")  # an officer linked the query to the requester's account
    # Withdrawn, merged, an individual case's details removed, or the requester's address erased.
    if query.status in {Status.WITHDRAWN, Status.MERGED} or query.outcome == Outcome.INDIVIDUAL_CASE \
            or not query.requester_email:
        raise RequesterLinkProblem("closed")
    return link
