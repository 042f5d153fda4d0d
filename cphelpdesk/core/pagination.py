"""Pagination that stays fast on very long lists: counting stops at a cap."""

from collections.abc import Callable
from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows; past the cap, pages still work and the total shows as "cap+".

    COUNT(*) over a hundred thousand filtered rows is what made the unfiltered queue slow, and nobody
    pages through twenty pages of queries: they filter.
    """

    cap = 1_000

    def __init__(self, object_list, per_page, *, counter: Callable[[int], int] | None = None, **options):
        """`counter(limit)`, when given, counts the same rows up to `limit` in a cheaper way than the list's
        queryset would (the queue's keyword search counts from the index's matches)."""
        super().__init__(object_list, per_page, **options)
        self.counter = counter

    @cached_property
    def count(self) -> int:
        if self.counter is not None:
            return self.counter(self.cap + 1)
        # Unordered: which rows are counted up to the cap does not matter, and without the list's ORDER BY the
        # database may start from the filter's index (a keyword search in the open queue walked every query by
        # date to count its matches).
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
