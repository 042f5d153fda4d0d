"""Mail ingestion throughput, end to end (`python -m bench mail`).

The service runs as in production: the SMTP gateway and the workers are separate processes on one
SQLite database; acknowledgements go out over SMTP to a sink on loopback. Messages are sent from four
connections; the clock runs from the first message sent until every message is a query (or appended to
one) and every acknowledgement has reached the sink, after a warm-up burst from other senders has been
processed (BENCH_MAIL_WARMUP messages, default 100: a running service has its modules imported and the
personal-data detector's patterns compiled; 0 times a cold start). Run BENCH_MAIL_RUNS times (default 3)
with one worker and as many with two (BENCH_MAIL_WORKERS, default "1,2"; "1" is issue #17's measure); each run
prints its figures with the load average it ran under, then the median of the runs. The CPU time per message
(gateway and workers, from the first message sent until the last acknowledgement arrived; the sending and sink
threads) is printed too: on a shared machine it is the steadier figure. A third run profiles its one worker
(cProfile; BENCH_MAIL_PROFILE=0 skips it) and prints where its time goes.
"""

import os
import resource
import smtplib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MESSAGES = int(os.environ.get("BENCH_MAIL_MESSAGES", "1200"))
# Sent, processed and acknowledged before the clock starts: workers and gateway as a running service has them
# (modules imported, the detector's patterns compiled, connections open). 0 measures from a cold start.
WARMUP = int(os.environ.get("BENCH_MAIL_WARMUP", "100"))
SENDERS = 4
# Each figure is the median of this many runs: one run on a shared machine can be off by a third.
RUNS = int(os.environ.get("BENCH_MAIL_RUNS", "3"))
# The configurations timed, as numbers of workers ("1" alone is issue #17's measure, and half the time).
WORKERS = [int(count) for count in os.environ.get("BENCH_MAIL_WORKERS", "1,2").split(",")]
BENCH_MTA = "mx.bench.example"
ROOT = Path(__file__).resolve().parent.parent


def _messages(senders: list[str]) -> list[tuple[str, bytes]]:
    """A realistic mix: two thirds from members, a third from unknown addresses, some replies."""
    messages = []
    for number in range(MESSAGES):
        sender = senders[number % len(senders)] if number % 3 else f"contact{number}@example.org"
        body = ("Bonjour,\n\nAuriez-vous un modèle de termes de référence pour un groupe infranational ?\n\n"
                "Merci\n") * 3
        # Members' mail proves its sender as their MTA would (mail.authentication), so that it acts as them.
        proof = f"Authentication-Results: {BENCH_MTA}; dmarc=pass header.from={sender.rpartition('@')[2]}\r\n"
        messages.append((sender, f"{proof}From: {sender}\r\nTo: helpdesk@cphelpdesk.localhost\r\n"
                                 f"Subject: Question {number}\r\nMessage-ID: <bench{number}@example.org>\r\n"
                                 "Date: Fri, 27 Nov 2026 10:00:00 +0000\r\n"
                                 f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}".encode()))
    return messages


def _run(var_dir: str, workers: int, profile: str = "") -> dict:
    from django.core.management import call_command
    from django.db import connection

    from cphelpdesk.directory.models import Member
    from cphelpdesk.mail.models import InboundMessage, OutboundMessage
    from cphelpdesk.privacy.tasks import scan_new_messages
    from tests.mailserver import SMTPServer, free_port

    call_command("flush", "--noinput", verbosity=0)
    call_command("load_reference", verbosity=0)
    from cphelpdesk.site.management.commands.seed_demo import seed_demo

    seed_demo(seed=1, scale=1, report=lambda *_: None)
    # The demo's year of messages is scanned for personal data once, here: a running service did that when it
    # started, and in the workers it would be counted as the burst's cost (about four readings per message).
    scan_new_messages.call()
    OutboundMessage.objects.all().delete()
    senders = list(Member.objects.filter(groups__name="member").values_list("email", flat=True)[:200])
    messages = _messages(senders)
    # Other senders than the timed burst's: the acknowledgement rate limit per sender must not see them.
    warmup = [(sender.replace("contact", "warmup-contact"),
               raw.replace(b"<bench", b"<warmup").replace(b"contact", b"warmup-contact"))
              for sender, raw in _messages([f"warmup{n}@example.org" for n in range(50)])[:WARMUP]]
    connection.close()

    with SMTPServer() as sink:
        env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
               "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "EMAIL_USE_TLS": "false",
               # The unknown senders share one domain: its acknowledgement limit must not cut the burst's.
               "HELPDESK_MAIL_TRUSTED_AUTHSERV_IDS": BENCH_MTA,
               "HELPDESK_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_HOUR": "100000"}
        port = free_port()
        manage = [sys.executable, str(ROOT / "manage.py")]
        processes = [subprocess.Popen([*manage, "mail_gateway", "--port", str(port)], env=env)]
        # With `profile`, the worker runs under cProfile, which writes there when it stops.
        profiler = [sys.executable, "-m", "cProfile", "-o", profile] if profile else [sys.executable]
        processes += [subprocess.Popen([*profiler, *manage[1:], "worker", "--no-scheduler", "--interval", "0.05"],
                                       env=env) for _ in range(workers)]
        try:
            _wait_for_port(port)

            def send(share):
                with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
                    for sender, raw in share:
                        client.sendmail(sender, ["helpdesk@cphelpdesk.localhost"], raw)

            def burst(batch):
                threads = [threading.Thread(target=send, args=(batch[index::SENDERS],)) for index in range(SENDERS)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()

            def settled():
                while InboundMessage.objects.filter(status=InboundMessage.Status.RECEIVED).exists():
                    time.sleep(0.02)
                acknowledged = OutboundMessage.objects.count()
                while len(sink.inbox.messages) < acknowledged:
                    time.sleep(0.02)

            if warmup:
                burst(warmup)
                settled()
            warm_outcomes, warm_acks = (InboundMessage.objects.filter(status=InboundMessage.Status.PROCESSED).count(),
                                        OutboundMessage.objects.count())
            # CPU time, unlike the clock, does not depend on what else the machine is doing.
            service_before = [_process_cpu(process.pid) for process in processes]
            start, own_before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
            burst(messages)
            received = time.perf_counter() - start
            while InboundMessage.objects.filter(status=InboundMessage.Status.RECEIVED).exists():
                time.sleep(0.02)
            processed = time.perf_counter() - start
            acknowledged = OutboundMessage.objects.count() - warm_acks
            while len(sink.inbox.messages) < acknowledged + warm_acks:
                time.sleep(0.02)
            delivered = time.perf_counter() - start
            own = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - _cpu(own_before)
            service = [_process_cpu(process.pid) - before for process, before in zip(processes, service_before,
                                                                                      strict=True)]
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
        outcomes = InboundMessage.objects.filter(status=InboundMessage.Status.PROCESSED).count() - warm_outcomes
    return {"workers": workers, "received": received, "processed": processed, "delivered": delivered,
            "queries": outcomes, "acks": acknowledged, "gateway_cpu": service[0], "workers_cpu": sum(service[1:]),
            "client_cpu": own, "rate": MESSAGES / processed, "worker_ms": sum(service[1:]) / MESSAGES * 1000,
            "gateway_ms": service[0] / MESSAGES * 1000, "load": os.getloadavg()[0]}


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def _process_cpu(pid: int) -> float:
    """Seconds of CPU a running process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_for_port(port: int) -> None:
    import socket

    for _ in range(200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("the mail gateway did not start")


def mail_main() -> int:
    from bench.__main__ import setup_django

    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from django.db import connection

        print(f"\nmail: {MESSAGES} messages over SMTP from {SENDERS} connections to the gateway process; workers "
              f"process them and send acknowledgements to an SMTP sink ({connection.vendor}, all on this machine); "
              f"timed after {WARMUP} warm-up messages (BENCH_MAIL_WARMUP); {RUNS} runs each (BENCH_MAIL_RUNS), "
              f"each from a fresh demo, the load average (1 minute) beside each. Issue #17's goal: 120 messages/s end "
              f"to end with one worker. Other jobs on the machine (a load average above about 1.5 before the run) "
              f"lower the rates, hardly the CPU per message: compare builds by that, or alternate them")
        for workers in WORKERS:
            results = []
            for _ in range(RUNS):
                result = _run(var_dir, workers)
                results.append(result)
                print(f"  {workers} worker{'s' if workers > 1 else ''}, run {len(results)}: {_summary(result)}")
            print(f"  {workers} worker{'s' if workers > 1 else ''}, median of {RUNS} runs: "
                  f"end to end {_median(results, 'rate'):.0f} messages/s (received and stored "
                  f"{MESSAGES / _median(results, 'received'):.0f}/s), worker CPU per message "
                  f"{_median(results, 'worker_ms'):.1f} ms, gateway {_median(results, 'gateway_ms'):.1f} ms, "
                  f"SMTP senders and sink {_median(results, 'client_cpu') / MESSAGES * 1000:.1f} ms "
                  f"(load averages {', '.join(format(result['load'], '.2f') for result in results)})")
        if os.environ.get("BENCH_MAIL_PROFILE", "1") != "0":
            _profile(var_dir)
    return 0


def _summary(result: dict) -> str:
    """One run's figures on a line, with the load average it ran under."""
    return (f"load average {result['load']:.2f}; received and stored {MESSAGES / result['received']:.0f}/s; "
            f"end to end, gateway to query: {result['rate']:.0f} messages/s "
            f"({result['queries']} queries in {result['processed']:.1f} s); "
            f"{result['acks']} acknowledgements delivered after {result['delivered']:.1f} s; "
            f"CPU per message: gateway {result['gateway_ms']:.1f} ms, workers {result['worker_ms']:.1f} ms, "
            f"SMTP senders and sink {result['client_cpu'] / MESSAGES * 1000:.1f} ms")


def _median(results: list[dict], key: str) -> float:
    return statistics.median(result[key] for result in results)


def _profile(var_dir: str, top: int = 25) -> None:
    """Run again with one worker under cProfile and print the functions where it spends its time."""
    import io
    import pstats

    path = str(Path(var_dir) / "worker.prof")
    result = _run(var_dir, 1, profile=path)
    out = io.StringIO()
    pstats.Stats(path, stream=out).strip_dirs().sort_stats("tottime").print_stats(top)
    # The project's own functions keep their paths (made relative) so that they can be told apart.
    pstats.Stats(path, stream=out).sort_stats("cumulative").print_stats(r"cphelpdesk/[a-z_/]+\.py", top)
    # Who asks the detector, and how often: each message should cost it about one reading.
    pstats.Stats(path, stream=out).print_callers(r"detector\.py.*find_personal_data|people\.py.*find_people")
    print(f"  profiled worker (slower under the profiler: {MESSAGES / result['processed']:.0f} messages/s), "
          f"the whole run including the warm-up; own time first, then the project's functions by cumulative "
          f"time:")
    print("\n".join(f"    {line}".replace(f"{ROOT}/", "") for line in out.getvalue().splitlines() if line.strip()))
