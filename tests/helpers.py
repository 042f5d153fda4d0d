"""Helpers shared by tests."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks() -> int:
    """Run every ready task as the worker does, in this thread; fail loudly on a failed task.

    Tests enqueue through `transaction.on_commit`, so wrap the action in
    `django_capture_on_commit_callbacks(execute=True)` first.
    """
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )
    count = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim("test-worker")
        worker.run_task(result)
        result.refresh_from_db()
        assert result.status == "SUCCESSFUL", f"task {result.task_path} failed: {result.traceback}"
        count += 1
    return count


