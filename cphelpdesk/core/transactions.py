"""Write transactions that take SQLite's write lock as soon as it is free.

SQLite lets one connection write at a time; a `BEGIN IMMEDIATE` that finds the lock taken is retried by
SQLite's busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms... between tries. Against a
process that takes the lock back a few milliseconds after each commit (the mail worker, message after
message), such a waiter mostly wakes while the lock is held again and sleeps longer each time: the mail
gateway, measured, waited 8.6 s in 13 s of a burst, up to 0.6 s at once, and stored 92 messages/s instead of
285. `prompt_write` tries again every millisecond instead, for as long as the connection's busy timeout.
"""

import contextlib
import time

from django.db import OperationalError, connection, transaction

# Between two tries at the lock: short enough to take it in the gap between two of the worker's transactions
# (a few milliseconds of parsing), long enough that a waiter costs next to no CPU.
RETRY_SECONDS = 0.001


@contextlib.contextmanager
def prompt_write():
    """`transaction.atomic()` whose BEGIN, on SQLite, is tried again every millisecond while another
    connection writes, up to the busy timeout (`OPTIONS["timeout"]`); anything after BEGIN is as in
    `atomic()`, and so is any other database (or a block already in a transaction)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    timeout = float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5))
    deadline = time.monotonic() + timeout
    connection.ensure_connection()
    with contextlib.ExitStack() as stack:
        _busy_timeout(0)
        try:
            while True:
                try:
                    # A failed BEGIN leaves the connection as it was (no transaction, autocommit on).
                    stack.enter_context(transaction.atomic())
                    break
                except OperationalError as error:
                    if "database is locked" not in str(error) or time.monotonic() >= deadline:
                        raise
                time.sleep(RETRY_SECONDS)
        finally:
            # Within the transaction, statements keep SQLite's own waiting (in WAL mode, a writer holding
            # the lock does not wait for it again).
            _busy_timeout(timeout)
        yield


def _busy_timeout(seconds: float) -> None:
    # On the driver's connection: a Django cursor costs more than SQLite's work here, twice per transaction.
    connection.connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
