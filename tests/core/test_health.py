"""/healthz, the worker heartbeat and the periodic-task scheduler."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cphelpdesk.core.models import ScheduledJob, WorkerHeartbeat
from cphelpdesk.core.scheduler import enqueue_due, periodic_tasks
from tests.helpers import run_queued_tasks


@pytest.mark.django_db
def test_healthz_reports_database_and_unknown_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok",
                               "worker": {"status": "unknown", "heartbeat_age_seconds": None}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_a_stale_worker(client, settings):
    WorkerHeartbeat.objects.create(worker_id="w1", beat_at=timezone.now() - timedelta(minutes=10))
    body = client.get("/healthz").json()
    assert body["worker"]["status"] == "stale" and body["worker"]["heartbeat_age_seconds"] >= 600


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from cphelpdesk.core import selectors

    def broken_cursor():
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(selectors.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_scheduler_enqueues_each_periodic_task_once_per_interval():
    names = [entry.name for entry in periodic_tasks()]
    assert "cphelpdesk.core.tasks.heartbeat" in names
    now = timezone.now()
    assert "cphelpdesk.core.tasks.heartbeat" in enqueue_due(now)
    assert enqueue_due(now + timedelta(seconds=1)) == []  # a second worker polling finds nothing due
    # While the last heartbeat still waits (a stalled worker), none piles up behind it.
    assert enqueue_due(now + timedelta(minutes=5)) == []
    run_queued_tasks()
    assert "cphelpdesk.core.tasks.heartbeat" in enqueue_due(now + timedelta(minutes=5))
    assert ScheduledJob.objects.get(name="cphelpdesk.core.tasks.heartbeat").last_enqueued_at == now + timedelta(
        minutes=5)


@pytest.mark.django_db
def test_heartbeat_task_makes_the_worker_healthy(client):
    enqueue_due()
    assert run_queued_tasks() >= 1
    assert client.get("/healthz").json()["worker"]["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_worker_command_runs_queued_tasks(client):
    enqueue_due()
    call_command("worker", "--batch", "--no-scheduler", "--interval", "0")
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert WorkerHeartbeat.objects.exists()
