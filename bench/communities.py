"""A list post's fan-out, end to end (`python -m bench communities`): issue 15 §8.

A community has BENCH_COMMUNITIES_SUBSCRIBERS each-post subscribers (default 5,000; imported addresses, their
footers in four languages). One post is published as the mail route publishes it (`actions.submit_post`: archive,
then one outbox record per subscriber) and one worker process (`manage.py worker`, as in production) sends the
copies over SMTP to a sink on loopback that only counts them. The clock runs from the post's submission until
the sink has every copy. Before that, an untimed run in this process counts the SQL statements and the outbox
rows per recipient, of the fan-out and of the sending, so that a change that brings back a statement per message
shows even where the clock does not. The worker's CPU time per copy is printed too: on a shared machine it is the
steadier figure.
"""

import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.mail import _cpu, _process_cpu

SUBSCRIBERS = int(os.environ.get("BENCH_COMMUNITIES_SUBSCRIBERS", "5000"))
LANGUAGES = ("en", "fr", "es", "ar")
ROOT = Path(__file__).resolve().parent.parent


class CountingSink:
    """An SMTP server on loopback that accepts and counts (the test sink parses every message, which would be
    timed as ours)."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        from tests.mailserver import free_port

        self.count, self.lock, self.port = 0, threading.Lock(), free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        with self.lock:
            self.count += len(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def _community():
    from cphelpdesk.communities.models import Community, Subscription

    community = Community.objects.create(slug="coordinators", name="Forum for Child Protection Coordinators",
                                         subject_tag="CP-Coord")
    Subscription.objects.bulk_create(
        [Subscription(community=community, email=f"coordinator{number}@field{number % 97}.example.org",
                      display_name=f"Coordinator {number}", language=LANGUAGES[number % len(LANGUAGES)])
         for number in range(SUBSCRIBERS)], batch_size=1000)
    return community


def _post(community, number: int):
    from cphelpdesk.communities import actions

    return actions.submit_post(actions.Submission(
        community=community, subject=f"Case management forms, round {number}",
        body="Dear colleagues,\n\nHas anyone adapted the interagency case management forms for Yemen?\n\n"
             "Thanks,\nAmina\n" * 3, author_name="Amina", author_email="amina@strict-dmarc.example"))


def _counted(community) -> dict:
    """Fan out and send one post in this process; SQL statements and outbox rows per recipient of each step."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cphelpdesk.mail.models import OutboundMessage
    from cphelpdesk.mail.sending import send_due

    with CountingSink() as sink:
        from django.conf import settings

        settings.EMAIL_PORT = sink.port
        with CaptureQueriesContext(connection) as fanned:
            _post(community, 0)
        rows = OutboundMessage.objects.count()
        with CaptureQueriesContext(connection) as sending:
            sent = send_due()
    OutboundMessage.objects.all().delete()
    return {"recipients": sent, "rows": rows, "fan_out_queries": len(fanned), "send_queries": len(sending)}


def _timed(community) -> dict:
    """Publish one post and let one worker process send it; seconds until the sink has every copy."""
    from django.db import close_old_connections, transaction

    from cphelpdesk.mail.models import OutboundMessage

    with CountingSink() as sink:
        env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
               "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "EMAIL_USE_TLS": "false"}
        worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "worker", "--no-scheduler",
                                   "--interval", "0.05"], env=env)
        try:
            time.sleep(3)  # the worker starts (imports, connects) before the clock does, as a running service
            before, own_before = _process_cpu(worker.pid), resource.getrusage(resource.RUSAGE_SELF)
            start = time.perf_counter()
            with transaction.atomic():
                _post(community, 1)
            published = time.perf_counter() - start
            expected = OutboundMessage.objects.count()
            while sink.count < expected:
                time.sleep(0.02)
            delivered = time.perf_counter() - start
            worker_cpu = _process_cpu(worker.pid) - before
            own = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - _cpu(own_before)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    close_old_connections()
    return {"published": published, "delivered": delivered, "copies": expected, "worker_cpu": worker_cpu,
            "own_cpu": own}


def communities_main() -> int:
    from bench.__main__ import setup_django

    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0)
        community = _community()
        print(f"\ncommunities: one post to {SUBSCRIBERS} each-post subscribers, through the outbox, over SMTP to a "
              f"counting sink on loopback; one worker process ({connection.vendor}, all on this machine)")
        counted = _counted(community)
        per = counted["recipients"] or 1
        print(f"  per recipient: {counted['rows'] / per:.2f} outbox rows; SQL statements: fan-out "
              f"{counted['fan_out_queries'] / per:.3f} ({counted['fan_out_queries']} in all), sending "
              f"{counted['send_queries'] / per:.3f} ({counted['send_queries']} in all)")
        asyncio.set_event_loop(None)
        result = _timed(community)
        print(f"  load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}: published (archived and "
              f"{result['copies']} copies recorded) in {result['published']:.1f} s; every copy at the sink after "
              f"{result['delivered']:.1f} s ({result['copies'] / result['delivered']:.0f} copies/s); CPU per copy: "
              f"worker {result['worker_cpu'] / result['copies'] * 1000:.2f} ms, this process (fan-out and sink) "
              f"{result['own_cpu'] / result['copies'] * 1000:.2f} ms")
    return 0
