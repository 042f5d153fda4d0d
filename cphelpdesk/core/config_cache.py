"""Values computed from configuration rows, kept per process: desks, calendars and SLA targets for intake, the
privacy detector's compiled custom patterns, search's compiled glossary matcher.

Reading the same few rows (or compiling them) for every message, text or search is most of that work, so a
value lives here until one of these, whichever comes first:

- one of its models is saved or deleted in this process (post_save/post_delete, matched by the model's label
  so that data migrations, which save historical model classes, count too), or a many-to-many relation it
  lists by its through model's label ("directory.Member_groups") is added to, removed from or cleared;
- another process saves or deletes one: once that commits, the model's version stamp in the shared cache
  (Django's `cache`, Redis or files in production) changes, and every `get` reads the stamps, so the other
  processes see it at once;
- `ttl` seconds pass, in case the shared cache lost the stamp (restarted, evicted, or per-process locmem).

Changes that bypass signals (`QuerySet.update`, `bulk_create`) are seen only after `ttl`, or at once when the
writer calls `rows_changed`.

Within `one_reading()` (one inbound message's processing, say) the stamps are read from the shared cache once
and reused: a message looks up desks, calendars, SLA targets and patterns several times, and with a file cache
each reading opens a file per model. Another process's change is then seen from the next block on.
"""

import contextlib
import threading
import time
import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

_caches: list["ConfigCache"] = []
_by_label: dict[str, list["ConfigCache"]] = {}
# Inside `one_reading`: the stamps read so far in the block (None outside one).
_reading = threading.local()


def _version_key(label: str) -> str:
    return f"config:{label}:version"


class ConfigCache:
    """A keyed cache of values computed from configuration models ("app_label.ModelName")."""

    clock: Callable[[], float] = staticmethod(time.monotonic)  # tests move it instead of waiting

    def __init__(self, models: Iterable[str], ttl: float = 60.0):
        self.ttl, self._values = ttl, {}
        self._keys = [_version_key(label) for label in models]
        for label in models:
            _by_label.setdefault(label, []).append(self)
        _caches.append(self)

    def get(self, key, compute: Callable):
        """The cached value for `key`, computing it when absent, expired or changed in any process. An error
        from `compute` is not cached: the next call tries again."""
        stamp = self._stamp()  # read before computing: a change made meanwhile is seen by the next call
        found = self._values.get(key)
        if found is not None and found[0] > self.clock() and found[1] == stamp:
            return found[2]
        value = compute()
        self._values[key] = (self.clock() + self.ttl, stamp, value)
        return value

    def last(self, key, default=None):
        """The value last computed for `key`, however old (for when computing it again fails)."""
        found = self._values.get(key)
        return default if found is None else found[2]

    def clear(self) -> None:
        self._values.clear()

    def _stamp(self) -> tuple | None:
        """The shared version stamps of this cache's models (None while the shared cache is unreachable: the
        TTL alone then bounds how stale a value gets)."""
        held = getattr(_reading, "stamps", None)
        if held is None:
            with contextlib.suppress(Exception):
                stamps = cache.get_many(self._keys)
                return tuple(stamps.get(key) for key in self._keys)
            return None
        if not held:
            # The first reading in a block reads every cache's stamps in one go (False: the shared cache failed).
            try:
                held.update(cache.get_many(list(dict.fromkeys(key for each in _caches for key in each._keys))))
                held["ok"] = True
            except Exception:
                held["ok"] = False
        return tuple(held.get(key) for key in self._keys) if held["ok"] else None


@contextlib.contextmanager
def one_reading():
    """Within this block, the version stamps are read from the shared cache once, then reused (see the module's
    docstring); a change this process makes still clears its values at once. Blocks may nest."""
    if getattr(_reading, "stamps", None) is not None:
        yield
        return
    _reading.stamps = {}
    try:
        yield
    finally:
        _reading.stamps = None


def bump_versions(*labels: str) -> None:
    """Tell every process that rows of these models changed (`rows_changed` does, once the change commits)."""
    with contextlib.suppress(Exception):  # a shared-cache outage must not break saving the configuration
        cache.set_many({_version_key(label): uuid.uuid4().hex for label in labels}, timeout=None)


def rows_changed(label: str, using: str | None = None) -> None:
    """Rows of the model labelled `label` changed: this process forgets what it cached from them now, every
    process once the change commits. Signals call it on save and delete; a change made without them
    (`QuerySet.update`, as erasure does) calls it itself."""
    if label in _by_label:
        for config_cache in _by_label[label]:
            config_cache.clear()
        # Other processes cannot read the change before it commits: bumping earlier would let them cache the
        # old rows under the new stamp.
        transaction.on_commit(lambda: bump_versions(label), using=using)


def _model_changed(sender, using=None, **kwargs) -> None:
    rows_changed(sender._meta.label, using)


def _relation_changed(sender, action, using=None, **kwargs) -> None:
    # A many-to-many relation (a member's roles, a desk's officers) is cached under its through model's label,
    # "app_label.Model_field".
    if action in {"post_add", "post_remove", "post_clear"}:
        _model_changed(sender, using=using)


# Connected for every model, matched by label: data migrations save historical classes, not the real ones.
post_save.connect(_model_changed, dispatch_uid="core-config-cache-saved")
post_delete.connect(_model_changed, dispatch_uid="core-config-cache-deleted")
m2m_changed.connect(_relation_changed, dispatch_uid="core-config-cache-related")


def clear_all() -> None:
    """Forget every cached configuration value (tests start from the database's truth)."""
    for config_cache in _caches:
        config_cache.clear()
