"""`manage.py serve` starts the web server and the worker, serves pages, and Ctrl-C stops everything."""

import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from cphelpdesk.site import supervisor
from tests.mailserver import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_for(url: str, predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                body = response.read().decode()
                if predicate(response.status, body):
                    return response.status, body
        except OSError as error:
            last_error = error
        time.sleep(0.3)
    raise AssertionError(f"{url} never became ready: {last_error}")


def test_serve_runs_the_whole_service_and_stops_on_ctrl_c(tmp_path):
    mail_port = free_port()
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "HELPDESK_REQUIRE_STAFF_MFA": "false", "DEBUG": "true", "WORKER_HEARTBEAT_SECONDS": "2",
           "HELPDESK_MAIL_GATEWAY": f"127.0.0.1:{mail_port}"}
    for name in ("SECRET_KEY", "EMAIL_BACKEND", "EMAIL_FILE_PATH", "HELPDESK_BASE_URL"):
        env.pop(name, None)  # as on a fresh machine
    for command in (["migrate", "--noinput"], ["seed_demo", "--if-empty"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                       capture_output=True, timeout=300)
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", "--port", str(port), "--web-workers", "1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        status, body = wait_for(f"{base}/healthz", lambda s, b: json.loads(b)["worker"]["status"] == "ok")
        assert status == 200 and json.loads(body)["database"] == "ok"
        # A slow field connection that has sent half its request holds one thread of the one web worker, not
        # the whole server: another request is answered meanwhile.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
            slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            time.sleep(0.5)
            with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:  # noqa: S310 - loopback only
                assert response.status == 200
        status, home = wait_for(f"{base}/", lambda s, b: s == 200)
        assert "CP Helpdesk" in home
        status, _css = wait_for(f"{base}/static/css/site.css", lambda s, b: s == 200)
        with urllib.request.urlopen(f"{base}/favicon.ico", timeout=5) as icon:  # noqa: S310 - loopback only
            assert icon.status == 200 and icon.read(4) == b"\0\0\1\0"
        # The access log keeps neither search words nor the token of a personal link (core.logs).
        for path in ("/staff/search/?q=Amina+Diallo", "/survey/eyJpIjo0Mn0:1tQx2Y:secret-token/"):
            try:
                urllib.request.urlopen(f"{base}{path}", timeout=10).close()  # noqa: S310 - loopback only
            except urllib.error.HTTPError as refused:  # the survey link is not valid: 400, logged all the same
                assert refused.code == 400
        # Mail sent to the gateway becomes a query, processed by the worker.
        deadline = time.monotonic() + 30
        while True:
            try:
                with smtplib.SMTP("127.0.0.1", mail_port, timeout=5) as client:
                    client.sendmail("someone@example.org", ["helpdesk@cphelpdesk.localhost"],
                                    b"From: someone@example.org\r\nSubject: Over SMTP\r\n\r\nA question.\r\n")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        count = "from cphelpdesk.queries.models import Query; print(Query.objects.filter(subject='Over SMTP').count())"
        for _ in range(60):
            result = subprocess.run([sys.executable, "manage.py", "shell", "-c", count], cwd=ROOT, env=env,  # noqa: S603
                                    capture_output=True, text=True, timeout=60)
            if result.stdout.strip().endswith("1"):
                break
            time.sleep(0.5)
        assert result.stdout.strip().endswith("1"), result.stderr
        # The acknowledgement is written to a file under var/mail/, its link on this server's port. (It does not
        # repeat the subject: the sender's address is unverified.)
        for _ in range(60):
            written = [path.read_bytes() for path in (tmp_path / "mail").glob("*.eml")]
            if any(b"\nTo: someone@example.org" in mail for mail in written):
                break
            time.sleep(0.5)
        [acknowledgement] = [mail for mail in written if b"\nTo: someone@example.org" in mail]
        assert f"http://127.0.0.1:{port}/queries/".encode() in acknowledgement
    finally:
        server.send_signal(signal.SIGINT)
        code = server.wait(timeout=30)
    log.seek(0)
    output = log.read()
    assert code == 0, output
    assert f"http://127.0.0.1:{port}/" in output
    assert "member@demo.example.org" in output and "officer@demo.example.org" in output
    assert "MFA for staff is OFF" in output
    assert f"listed for officers at http://127.0.0.1:{port}/staff/mail-written/" in output
    assert "Over SMTP" not in output and "Dear " not in output  # no mail printed among the log lines
    assert "Stopped." in output
    assert '"GET /survey/[hidden]/ HTTP/1.1"' in output and '"GET /staff/search/ HTTP/1.1"' in output
    assert "Amina" not in output and "secret-token" not in output
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
        raise AssertionError("the web server still answers after Ctrl-C")
    except OSError:
        pass


def test_web_workers_are_replaced_after_a_number_of_requests_with_jitter():
    from cphelpdesk.site.management.commands.serve import max_requests

    assert max_requests(1000) == ["--max-requests", "1000", "--max-requests-jitter", "100"]
    assert max_requests(5) == ["--max-requests", "5", "--max-requests-jitter", "1"]
    assert max_requests(0) == []  # never


def test_the_url_configuration_loads_no_spreadsheet_pdf_or_chart_library_but_the_web_server_preloads_them(tmp_path):
    """The task worker reads the URL configuration to build links in mail: it must not load openpyxl, pygal or
    reportlab with the views (issue #17). The web server's entry point loads them before forking its workers,
    so that they share one copy. The mail gateway, which reads no URL, does not load the API's schema library."""
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "cphelpdesk.settings"}
    gateway = "import sys, django; django.setup(); print(sorted(m for m in ('ninja', 'pydantic') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", gateway], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"
    heavy = ("openpyxl", "pygal", "reportlab", "svglib")
    probe = ("import sys, django; django.setup(); from django.urls import get_resolver; "
             "get_resolver().url_patterns; print(sorted(m for m in {heavy} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe.format(heavy=heavy)], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"
    preloaded = ("import sys, gc; import cphelpdesk.wsgi; "
                 "print(sorted(m for m in {heavy} if m in sys.modules), gc.get_freeze_count() > 0)")
    result = subprocess.run([sys.executable, "-c", preloaded.format(heavy=heavy)], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "['openpyxl', 'pygal', 'reportlab', 'svglib'] True"


def test_the_supervisor_forks_each_component_from_one_loaded_application_and_stops_when_one_ends(tmp_path):
    """`serve` becomes the supervisor, which loads the application once and forks the components from it, so that
    they share its memory (issue #17): a component finds the web server's preloaded libraries already imported,
    and frozen out of the garbage collector's reach. A component that ends stops the service, with an error."""
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "cphelpdesk.settings"}
    # What a forked component finds loaded, and the name `ps` shows for it (Linux).
    probe = ("import gc, os, sys; print('probe:', 'openpyxl' in sys.modules, gc.get_freeze_count() > 0, "
             "open(f'/proc/{os.getpid()}/comm').read().strip())")
    spec = {"components": {"probe": ["django", "shell", "-c", probe]}, "banner": "running",
            "preload": "cphelpdesk.wsgi"}
    result = subprocess.run([sys.executable, "-m", "cphelpdesk.site.supervisor"],
                            cwd=ROOT, env={**env, supervisor.SPEC_VARIABLE: json.dumps(spec)}, capture_output=True,
                            text=True, timeout=120)
    assert "probe: True True cph-probe" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 1
    assert "probe (exit status 0) stopped unexpectedly; stopping the service." in result.stderr
    assert "Stopped." in result.stdout


def test_a_component_that_ignores_the_stop_is_killed_with_everything_it_started(tmp_path):
    """A component still running after the grace period is killed together with what it started (gunicorn's
    workers would otherwise keep the port), and nothing of the service is left behind."""
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "cphelpdesk.settings"}
    stubborn = ("import signal, subprocess, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                "started = subprocess.Popen(['sleep', '97']); print('started', started.pid, flush=True); "
                "time.sleep(97)")
    spec = {"components": {"stubborn": ["django", "shell", "-c", stubborn]}, "banner": "running",
            "preload": "cphelpdesk.wsgi", "grace": 1}
    service = subprocess.Popen([sys.executable, "-m", "cphelpdesk.site.supervisor"], cwd=ROOT,
                               env={**env, supervisor.SPEC_VARIABLE: json.dumps(spec)}, stdout=subprocess.PIPE,
                               text=True)
    try:
        lines = iter(service.stdout.readline, "")
        started = next(int(line.split()[1]) for line in lines if line.startswith("started"))
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=60) == 0
    finally:
        service.kill()
    # Gone, or a zombie left to an init that does not reap: either way no longer running.
    deadline = time.monotonic() + 10
    while process_state(started) not in (None, "Z") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process_state(started) in (None, "Z")


def process_state(pid: int) -> str | None:
    """The state letter /proc gives for `pid` (R, S, Z...), None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None
