"""Background tasks of the core: the worker heartbeat."""

import os
import socket
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from cphelpdesk.core.maintenance import refresh_planner_statistics
from cphelpdesk.core.models import WorkerHeartbeat
from cphelpdesk.core.scheduler import register_periodic


@task()
def heartbeat() -> None:
    """Record that a worker is alive and taking tasks off the queue; forget workers gone a day."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=f"{socket.gethostname()}:{os.getpid()}"[:64], defaults={"beat_at": now}
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()


register_periodic(heartbeat, every=timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS))


@task()
def optimize_database() -> None:
    """Keep the query planner's statistics fresh (SQLite does not do it by itself)."""
    refresh_planner_statistics()


register_periodic(optimize_database, every=timedelta(days=1))


_deferred = threading.local()


@contextmanager
def enqueues_deferred():
    """Within this block, `enqueue_unless_waiting` only notes the task; each noted task is queued once at
    the end. A worker working through a batch of mail queues one acknowledgement run, not fifty."""
    outer = getattr(_deferred, "tasks", None)
    _deferred.tasks = {} if outer is None else outer
    try:
        yield
    finally:
        if outer is None:
            tasks, _deferred.tasks = _deferred.tasks, None
            for task_function in tasks.values():
                enqueue_unless_waiting(task_function)


def enqueue_unless_waiting(task_function) -> None:
    """Queue a run of a draining task (one that takes no arguments and works through everything due)
    unless a run is already waiting to start.

    A run that has not started yet will see every row committed before it starts, so one waiting run
    serves a whole burst: a mail storm costs one task, not one per message.
    """
    deferred = getattr(_deferred, "tasks", None)
    if deferred is not None:
        deferred[task_function.module_path] = task_function
        return
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend" and \
            DBTaskResult.objects.ready().filter(task_path=task_function.module_path).exists():
        return
    task_function.enqueue()
