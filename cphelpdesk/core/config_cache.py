"""Configuration rows that intake reads for every query (desks, calendars, SLA targets), kept per process.

Mail intake creates a query per message; reading the same few configuration rows each time is most of
its database work. A value here lives `ttl` seconds, and is dropped at once when one of its models is
saved or deleted in this process; other processes (the web server where an administrator edits) see
the change within `ttl`.
"""

import time
from collections.abc import Callable, Iterable

from django.db.models.signals import post_delete, post_save

_caches: list["ConfigCache"] = []


class ConfigCache:
    """A keyed cache of values computed from configuration models."""

    def __init__(self, models: Iterable[str], ttl: float = 60.0):
        self.ttl, self._values = ttl, {}
        for model in models:
            post_save.connect(self._on_change, sender=model, weak=False)
            post_delete.connect(self._on_change, sender=model, weak=False)
        _caches.append(self)

    def get(self, key, compute: Callable):
        """The cached value for `key`, computing it when absent or expired."""
        found = self._values.get(key)
        if found is not None and found[0] > time.monotonic():
            return found[1]
        value = compute()
        self._values[key] = (time.monotonic() + self.ttl, value)
        return value

    def clear(self) -> None:
        self._values.clear()

    def _on_change(self, **kwargs) -> None:
        self.clear()


def clear_all() -> None:
    """Forget every cached configuration value (tests start from the database's truth)."""
    for cache in _caches:
        cache.clear()
