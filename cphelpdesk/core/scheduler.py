"""Periodic tasks: apps register them here; the worker's scheduler thread enqueues those that are due."""

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cphelpdesk.core.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicTask:
    """A task (taking no arguments) and how often it should run."""

    task: object
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


_registry: dict[str, PeriodicTask] = {}


def register_periodic(task, *, every: timedelta) -> None:
    """Run `task` every `every`; call from an app's `tasks.py` at import time."""
    entry = PeriodicTask(task=task, every=every)
    _registry[entry.name] = entry


def periodic_tasks() -> list[PeriodicTask]:
    """Everything registered, in name order."""
    return [_registry[name] for name in sorted(_registry)]


def enqueue_due(now=None) -> list[str]:
    """Enqueue each periodic task whose interval has passed; return their names.

    The conditional UPDATE is the claim: when two workers race, only one row update succeeds. Claim
    and enqueue commit together, so a failed enqueue leaves the task due. A task whose previous run
    still waits in the queue is not enqueued again (a stalled worker must not pile up a backlog).
    """
    now = now or timezone.now()
    enqueued = []
    for entry in periodic_tasks():
        try:
            if _enqueue_if_due(entry, now):
                enqueued.append(entry.name)
        except Exception:
            # One task's failure must not keep the others from running.
            logger.exception("scheduler: could not enqueue %s", entry.name)
    return enqueued


@transaction.atomic
def _enqueue_if_due(entry: PeriodicTask, now) -> bool:
    if DBTaskResult.objects.filter(task_path=entry.name, status=TaskResultStatus.READY).exists():
        return False
    job, _created = ScheduledJob.objects.get_or_create(name=entry.name)
    claimed = ScheduledJob.objects.filter(
        Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=now - entry.every),
        pk=job.pk,
        last_enqueued_at=job.last_enqueued_at,
    ).update(last_enqueued_at=now)
    if claimed:
        entry.task.enqueue()
    return bool(claimed)


class SchedulerThread(threading.Thread):
    """Checks for due periodic tasks every few seconds until stopped."""

    def __init__(self, *, poll_seconds: float = 5.0):
        super().__init__(name="cphelpdesk-scheduler", daemon=True)
        self.poll_seconds = poll_seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                enqueue_due()
            finally:
                close_old_connections()
            self.stopped.wait(self.poll_seconds)

    def stop(self) -> None:
        self.stopped.set()
