"""ETags and If-Match, so that two people cannot overwrite each other's changes, and opaque cursors for lists
read page by page without OFFSET.

An object's ETag is a digest of the representation the reader gets (so it changes with anything they can see
change, and differs between readers who see different things). A change to a query's state or to a gap needs
`If-Match` with the ETag of what the writer last read: 428 without it, 412 if the object has changed since.
"""

import hashlib
import json
from datetime import datetime

from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _


class PreconditionRequired(Exception):
    """A change that needs If-Match came without it."""


class PreconditionFailed(Exception):
    """If-Match names a version other than the current one."""


def etag(representation: dict) -> str:
    """A strong ETag: the digest of the representation as the reader gets it."""
    text = json.dumps(representation, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def precondition_failure(request: HttpRequest, current: str, *, required: bool) -> Exception | None:
    """What is wrong with the request's If-Match against the `current` ETag, or None (RFC 9110 13.1.1: strong
    comparison, so a weak tag never matches; `*` matches any current version)."""
    header = request.headers.get("If-Match")
    if header is None:
        return PreconditionRequired(_("Send If-Match with the ETag you last read of this object, so that a "
                                      "change made since is not overwritten.")) if required else None
    tags = [tag.strip() for tag in header.split(",")]
    if "*" in tags or current in tags:
        return None
    return PreconditionFailed(_("It has changed since you read it: read it again, then repeat the change if it "
                                "still applies."))


# --- cursors -------------------------------------------------------------------------------------------

CURSOR_SALT = "cphelpdesk.api.cursor"


class BadCursor(Exception):
    """A cursor that this API did not make (or made for another list)."""


def keyset_page(queryset: QuerySet, field: str, cursor: str | None, size: int, kind: str, *,
                oldest_first: bool = False) -> tuple[list, str | None]:
    """One page of `queryset`, newest `field` first (ties by id; `oldest_first` turns it round), after `cursor`;
    and the cursor of the next page, or None. The cursor holds the last row's (field, id), signed so that it
    cannot be forged: the next page is an index range from there, never an OFFSET that reads and skips the
    earlier rows."""
    order, after = ("", "gt") if oldest_first else ("-", "lt")
    queryset = queryset.order_by(f"{order}{field}", f"{order}id")
    if cursor:
        try:
            list_kind, at, last_id = signing.loads(cursor, salt=CURSOR_SALT)
            at = datetime.fromisoformat(at)
        except (signing.BadSignature, ValueError, TypeError) as error:
            raise BadCursor from error
        if list_kind != kind:
            raise BadCursor
        queryset = queryset.filter(Q(**{f"{field}__{after}": at}) | Q(**{field: at, f"id__{after}": last_id}))
    rows = list(queryset[:size + 1])
    if len(rows) <= size:
        return rows, None
    last = rows[size - 1]
    return rows[:size], signing.dumps([kind, getattr(last, field).isoformat(), last.pk], salt=CURSOR_SALT)


def next_url(request: HttpRequest, cursor: str | None) -> str | None:
    """The request's own address with `cursor` in place of its cursor."""
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def page_cursor(kind: str, page: int) -> str:
    """The cursor of page `page` of a ranked list (search results have no key to resume from: their order is the
    engine's), signed like the others."""
    return signing.dumps([kind, page], salt=CURSOR_SALT)


def cursor_page(cursor: str | None, kind: str) -> int:
    """The page number a `page_cursor` holds (1 without a cursor); BadCursor for any other."""
    if not cursor:
        return 1
    try:
        list_kind, page = signing.loads(cursor, salt=CURSOR_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadCursor from error
    if list_kind != kind or not isinstance(page, int) or page < 1:
        raise BadCursor
    return page
