"""Short signed tokens for the list's reply addresses (`<list>-confirm+<token>@`) and confirmation links.

`core.links.Purpose` tokens are too long for an address (a local part holds at most 64 characters, RFC 5321)
and carry ':' (not allowed unquoted there), so these are compact: a letter for what the token confirms, the row's
id, and an HMAC (SECRET_KEY) over both and a secret of the row (a post's uid, a subscription's token), in lower
case because mail systems may change an address's case. A token works while its row is in the state the token
was made for (a held post, a subscription waiting for confirmation): it needs no expiry and cannot be reused.
"""

import re

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "cphelpdesk.communities.reply-address"
MODERATE_POST = "m"  # a moderator answers a hold notice
DECIDE_REQUEST = "s"  # a moderator answers a subscription request
CONFIRM_JOIN = "j"  # a subscriber confirms joining
CONFIRM_LEAVE = "l"  # a subscriber confirms leaving
KINDS = (MODERATE_POST, DECIDE_REQUEST, CONFIRM_JOIN, CONFIRM_LEAVE)
_TOKEN = re.compile(r"^(?P<kind>[a-z])(?P<pk>\d{1,12})-(?P<digest>[0-9a-f]{20})$")


def make(kind: str, pk: int, secret: str) -> str:
    """The token confirming `kind` for row `pk` whose secret is `secret`."""
    return f"{kind}{pk}-{_digest(kind, pk, secret)}"


def read(token: str) -> tuple[str, int] | None:
    """(kind, row id) a token names, before its digest is checked (`matches`); None when malformed."""
    found = _TOKEN.match((token or "").lower())
    if found is None or found["kind"] not in KINDS:
        return None
    return found["kind"], int(found["pk"])


def matches(token: str, kind: str, pk: int, secret: str) -> bool:
    """Whether `token` is the one made for this row and secret (constant-time)."""
    return constant_time_compare((token or "").lower(), make(kind, pk, secret))


def _digest(kind: str, pk: int, secret: str) -> str:
    return salted_hmac(SALT, f"{kind}:{pk}:{secret}", algorithm="sha256").hexdigest()[:20]


def reply_address(community, token: str) -> str:
    """The address a reply to a notice goes to: `<list>-confirm+<token>@<lists domain>`."""
    return community.command_address("confirm").replace("@", f"+{token}@", 1)
