"""Reads for the service's own health."""

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from cphelpdesk.core.models import WorkerHeartbeat


def database_reachable() -> bool:
    """Whether a trivial query succeeds on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def worker_heartbeat_age() -> float | None:
    """Seconds since any worker last ran the heartbeat task, or None if none ever has."""
    last = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    return None if last is None else (timezone.now() - last).total_seconds()
