"""Start the whole service (web server, task worker and mail gateway), stopped together by Ctrl-C or SIGTERM."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from cphelpdesk.core import mail_files
from cphelpdesk.directory import demo as directory_demo


def base_url(host: str, port: int) -> str:
    """The address this server answers at, as a browser on this machine reaches it."""
    shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
    return f"http://[{shown_host}]:{port}" if ":" in shown_host else f"http://{shown_host}:{port}"


class Command(BaseCommand):
    help = "Start the web server (gunicorn), the background worker and the mail gateway; Ctrl-C stops them all."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the task worker here.")
        parser.add_argument("--no-mail", action="store_true", help="Do not start the mail gateway here.")

    def handle(self, *args, host, port, web_workers, no_worker, no_mail, **options):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE",
                                                                      "cphelpdesk.settings")}
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        # Links in mail point where this server answers, unless a public address is configured.
        env.setdefault("HELPDESK_BASE_URL", base_url(host, port))
        components = {
            "web": [sys.executable, "-m", "gunicorn", "cphelpdesk.wsgi:application",
                    "--bind", bind, "--workers", str(web_workers), "--preload",
                    "--access-logfile", "-", "--logger-class", "cphelpdesk.core.logs.AccessLogger",
                    "--graceful-timeout", "10"],
        }
        if not no_worker:
            components["worker"] = [sys.executable, "-m", "django", "worker"]
        if not no_mail:
            components["mail"] = [sys.executable, "-m", "django", "mail_gateway"]

        stopping = {"signal": None}

        def request_stop(signum, frame):
            stopping["signal"] = signum

        # Handlers first: a Ctrl-C while starting must still stop what was started.
        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        processes: dict[str, subprocess.Popen] = {}
        exit_code = 0
        try:
            for name, argv in components.items():
                # A session of its own, so that a terminal's Ctrl-C reaches only us and we stop
                # the children in order instead of them dying mid-request.
                processes[name] = subprocess.Popen(argv, env=env, start_new_session=True)  # noqa: S603
            self.print_banner(host, port)
            while stopping["signal"] is None:
                died = [name for name, proc in processes.items() if proc.poll() is not None]
                if died:
                    self.stderr.write(f"{', '.join(died)} stopped unexpectedly; stopping the service.")
                    exit_code = 1
                    break
                time.sleep(0.5)
        except Exception:
            exit_code = 1
            raise
        finally:
            self.stop(processes)
        if exit_code:
            sys.exit(exit_code)

    def stop(self, processes: dict[str, subprocess.Popen]) -> None:
        """Ask every child to stop, then kill what is still running after 15 seconds."""
        self.stdout.write("Stopping: " + ", ".join(processes))
        for proc in processes.values():
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 15
        for proc in processes.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.stdout.write("Stopped.")

    def print_banner(self, host: str, port: int) -> None:
        self.stdout.write(self.style.SUCCESS(f"CP Helpdesk is running at {base_url(host, port)}/"))
        self.stdout.write(f"  mail gateway (SMTP): {settings.HELPDESK_MAIL_GATEWAY}, for {settings.HELPDESK_EMAIL}")
        if mail_files.in_use():
            self.stdout.write(f"  outgoing mail is written to {settings.EMAIL_FILE_PATH}/, listed for officers at "
                              f"{base_url(host, port)}{reverse('site:mail_written')}")
        logins = directory_demo.existing_demo_logins()
        if logins:
            self.stdout.write(f"  demo logins (password for all: {directory_demo.DEMO_PASSWORD}):")
            for role, email in logins:
                self.stdout.write(f"    {role:<22} {email}")
            if not settings.HELPDESK_REQUIRE_STAFF_MFA:
                self.stdout.write(self.style.WARNING(
                    "  MFA for staff is OFF in this demo (HELPDESK_REQUIRE_STAFF_MFA=false); "
                    "production keeps it on."))
        self.stdout.write("  Press Ctrl-C to stop.")
