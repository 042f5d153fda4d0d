"""The one way to write a query's timeline (`QueryEvent`): query actions, mail intake, the privacy scan,
reminders, routing, feedback, the library's banking and the demo all go through here, so every event has a
kind from `EventKind` and the search index follows the events that change what a query says."""

from datetime import datetime
from typing import Any

from cphelpdesk.queries import indexing
from cphelpdesk.queries.models import EventKind, Query, QueryEvent

# Events after which the query's text, topics or status changed: the search index follows, in the
# same transaction.
REINDEXING = {EventKind.SUBMITTED, EventKind.TRIAGED, EventKind.NOTED, EventKind.REPLIED,
              EventKind.REQUESTER_REPLIED, EventKind.WITHDRAWN, EventKind.MERGED, EventKind.REOPENED,
              EventKind.INDIVIDUAL_CASE_REMOVED}


def event(query: Query | int | None, kind: EventKind | str, /, *, actor: Any = None, actor_label: str = "",
          at: datetime | None = None, **details: Any) -> QueryEvent:
    """An unsaved event, for callers that create many at once (`bulk_create`). `query` may be the query's id,
    or None when the caller sets it before saving; an unknown `kind` raises ValueError. `actor` is kept only
    when it is a signed-in member (an anonymous visitor is nobody); `actor_label` names who acted otherwise."""
    item = QueryEvent(kind=EventKind(kind), actor=actor if getattr(actor, "is_authenticated", False) else None,
                      actor_label=actor_label, data=details)
    if isinstance(query, Query):
        item.query = query
    elif query is not None:
        item.query_id = query
    if at is not None:
        item.at = at
    return item


def record(query: Query, kind: EventKind | str, /, *, actor: Any = None, actor_label: str = "", reindex: bool = True,
           **details: Any) -> QueryEvent:
    """Record on `query`'s timeline that `kind` happened, by `actor`, with `details` (identifiers and short
    facts, no message text; a detail may be called `kind` or `query`). Run it inside the caller's transaction.
    The search index follows unless `reindex` is false (the caller indexes the query itself)."""
    item = event(query, kind, actor=actor, actor_label=actor_label, **details)
    item.save()
    if reindex and item.kind in REINDEXING:
        indexing.index(query)
    return item
