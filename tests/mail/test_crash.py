"""Crash test: 200 messages sent concurrently while the worker is killed (SIGKILL) and restarted.

Afterwards every message the gateway accepted with 250 is stored and processed exactly once."""

import os
import signal
import smtplib
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.mailserver import free_port

ROOT = Path(__file__).resolve().parents[2]
COUNT = 200


def test_no_message_lost_or_duplicated_when_the_worker_dies(tmp_path):
    port = free_port()
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DEBUG": "true", "HELPDESK_MAIL_GATEWAY": f"127.0.0.1:{port}", "HELPDESK_MAIL_SWEEP_SECONDS": "3",
           "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "LOG_LEVEL": "WARNING"}
    env.pop("SECRET_KEY", None)

    def manage(*args):
        return [sys.executable, "manage.py", *args]

    subprocess.run(manage("migrate", "--noinput"), cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)  # noqa: S603
    gateway = subprocess.Popen(manage("mail_gateway"), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,  # noqa: S603
                               stderr=subprocess.DEVNULL)
    worker = subprocess.Popen(manage("worker", "--interval", "0.05"), cwd=ROOT, env=env,  # noqa: S603
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    accepted, lock = [], threading.Lock()

    def send(numbers):
        for number in numbers:
            raw = (f"From: sender{number}@example.org\r\nTo: helpdesk@cphelpdesk.localhost\r\n"
                   f"Subject: Crash test {number}\r\nMessage-ID: <crash{number}@example.org>\r\n\r\n"
                   f"Question number {number}.\r\n").encode()
            for _ in range(100):
                try:
                    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                        client.sendmail(f"sender{number}@example.org", ["helpdesk@cphelpdesk.localhost"], raw)
                    with lock:
                        accepted.append(number)
                    break
                except (OSError, smtplib.SMTPException):
                    time.sleep(0.1)  # the gateway is starting, or said 4xx: a real MTA retries too

    try:
        threads = [threading.Thread(target=send, args=(range(index, COUNT, 8),)) for index in range(8)]
        for thread in threads:
            thread.start()
        while len(accepted) < COUNT // 3:
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)  # mid-stream, possibly mid-task
        worker.wait()
        time.sleep(0.5)
        worker = subprocess.Popen(manage("worker", "--interval", "0.05"), cwd=ROOT, env=env,  # noqa: S603
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for thread in threads:
            thread.join(timeout=120)
        assert sorted(accepted) == list(range(COUNT))
        check = ("from cphelpdesk.mail.models import InboundMessage as I; from cphelpdesk.queries.models import Query;"
                 "print(I.objects.count(), I.objects.filter(status='processed').count(),"
                 " Query.objects.count(), Query.objects.values('subject').distinct().count())")
        deadline = time.monotonic() + 120
        while True:
            result = subprocess.run(manage("shell", "-c", check), cwd=ROOT, env=env, capture_output=True,  # noqa: S603
                                    text=True, timeout=60)
            counts = [int(value) for value in result.stdout.split()[-4:]] if result.returncode == 0 else []
            if counts == [COUNT] * 4 or time.monotonic() > deadline:
                break
            time.sleep(1)
        # Stored once each, processed once each, one query each: nothing lost, nothing twice.
        assert counts == [COUNT] * 4, (counts, result.stderr[-2000:])
    finally:
        for process in (worker, gateway):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
