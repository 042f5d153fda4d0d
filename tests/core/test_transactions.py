"""`core.transactions.prompt_write`: a write transaction that waits for SQLite's write lock by trying again every
millisecond (not SQLite's back-off), up to the busy timeout, and is otherwise `transaction.atomic()`."""

import sqlite3
import threading

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from cphelpdesk.core.models import WorkerHeartbeat
from cphelpdesk.core.transactions import prompt_write

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock")


def _other_writer():
    """Another connection to the same database file, holding its write lock until closed."""
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def _busy_timeout() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        return cursor.fetchone()[0]


@sqlite_only
def test_it_waits_for_the_other_writer_then_commits(transactional_db):
    connection.ensure_connection()
    other = _other_writer()
    released = threading.Event()

    def release():
        released.set()  # before the lock goes, so that nothing can begin in between unseen
        other.rollback()

    releaser = threading.Timer(0.3, release)
    releaser.start()
    try:
        with prompt_write():
            # The transaction began only once the other writer let go of the lock.
            began_after_release = released.is_set()
            WorkerHeartbeat.objects.create(worker_id="prompt", beat_at=timezone.now())
    finally:
        releaser.join()
        other.close()
    assert began_after_release
    assert WorkerHeartbeat.objects.filter(worker_id="prompt").exists()
    # Statements after BEGIN, and the next transactions, wait as configured again.
    assert _busy_timeout() == int(connection.settings_dict["OPTIONS"]["timeout"] * 1000)


@sqlite_only
def test_it_gives_up_after_the_busy_timeout_and_leaves_the_connection_usable(transactional_db, monkeypatch):
    connection.ensure_connection()
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.2)
    other = _other_writer()
    try:
        with pytest.raises(OperationalError, match="database is locked"), prompt_write():
            WorkerHeartbeat.objects.create(worker_id="never", beat_at=timezone.now())
    finally:
        other.close()
    assert not connection.in_atomic_block and connection.get_autocommit()
    assert _busy_timeout() == 200
    with prompt_write():
        WorkerHeartbeat.objects.create(worker_id="later", beat_at=timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["later"]


def test_an_error_in_the_block_rolls_it_back(transactional_db):
    with pytest.raises(ValueError), prompt_write():
        WorkerHeartbeat.objects.create(worker_id="undone", beat_at=timezone.now())
        raise ValueError
    assert not WorkerHeartbeat.objects.exists()


def test_within_a_transaction_it_is_a_savepoint(transactional_db):
    with transaction.atomic():
        WorkerHeartbeat.objects.create(worker_id="kept", beat_at=timezone.now())
        with pytest.raises(ValueError), prompt_write():
            WorkerHeartbeat.objects.create(worker_id="undone", beat_at=timezone.now())
            raise ValueError
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["kept"]
