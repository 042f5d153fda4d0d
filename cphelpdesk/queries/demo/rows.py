"""The rows the demo builds for one query in memory, written with its chunk by `bulk_create`."""

from dataclasses import dataclass, field

from cphelpdesk.queries.models import Query

BATCH = 2000  # rows per bulk_create batch


@dataclass(slots=True)
class Rows:
    """The rows of one query, written with its chunk."""

    query: Query
    topics: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    referrals: list = field(default_factory=list)
    events: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (event, data key, Message or Referral): pk known after insert
    deferred: list = field(default_factory=list)  # (event, reference of the query it belongs to)
    gap_links: list = field(default_factory=list)  # (gap, flagged at)
