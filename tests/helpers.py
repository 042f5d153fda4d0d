"""Helpers shared by tests."""

import email
import email.policy
import email.utils

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




# The receiving MTA the tests trust (conftest configures it): its Authentication-Results are believed.
TRUSTED_MTA = "mx.cphelpdesk.test"


def authenticated(raw: bytes | str) -> bytes | str:
    """`raw` as our trusted MTA hands it on after DMARC passed for its From domain: mail that proves its
    sender, as a member's or an officer's own mail does (mail.authentication)."""
    text = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
    sender = email.message_from_string(text, policy=email.policy.compat32)["From"] or ""
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2]
    newline = "\r\n" if "\r\n" in text else "\n"
    text = f"Authentication-Results: {TRUSTED_MTA}; dmarc=pass header.from={domain}{newline}{text}"
    return text.encode("utf-8", "surrogateescape") if isinstance(raw, bytes) else text


class StubResolver:
    """DNS answers from a dict, in the resolver's shape (mail.authentication): tests never reach the network.
    `records` maps (name, type) to a list of values: text for TXT, addresses for A/AAAA."""

    def __init__(self, records: dict | None = None):
        self.records = {(name.lower().rstrip("."), qtype): values for (name, qtype), values in (records or {}).items()}

    def lookup(self, name: str, qtype: str) -> list:
        name = name.lower().rstrip(".")
        values = self.records.get((name, qtype), [])
        if qtype in {"TXT", "SPF"}:
            return [((name, qtype), [value.encode()]) for value in values]
        return [((name, qtype), value) for value in values]
