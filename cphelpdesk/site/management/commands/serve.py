"""Start the whole service (web server, task worker and mail gateway), stopped together by Ctrl-C or SIGTERM."""

import json
import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from cphelpdesk.core import mail_files
from cphelpdesk.directory import demo as directory_demo
from cphelpdesk.site import supervisor


def base_url(host: str, port: int) -> str:
    """The address this server answers at, as a browser on this machine reaches it."""
    shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
    return f"http://[{shown_host}]:{port}" if ":" in shown_host else f"http://{shown_host}:{port}"


def max_requests(requests: int) -> list[str]:
    """gunicorn's options to replace each web worker after about `requests` requests (none for 0).

    A worker's memory grows with use: pages it shares with the master are copied as it writes to them, and
    Python's allocator keeps what it once needed. A new worker is forked from the master, which holds the whole
    application (`--preload`), in milliseconds. The jitter (a tenth) keeps the workers from being replaced
    together."""
    if requests <= 0:
        return []
    return ["--max-requests", str(requests), "--max-requests-jitter", str(max(1, requests // 10))]


class Command(BaseCommand):
    help = "Start the web server (gunicorn), the background worker and the mail gateway; Ctrl-C stops them all."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_WORKERS", "1")),
                            help="Web worker processes: each costs about 80 MB in use (docs/configuration.md).")
        parser.add_argument("--web-threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")),
                            help="Requests each web worker serves at once, one thread each.")
        parser.add_argument("--web-max-requests", type=int, default=int(os.environ.get("WEB_MAX_REQUESTS", "1000")),
                            help="Replace a web worker after this many requests (0: never).")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the task worker here.")
        parser.add_argument("--no-mail", action="store_true", help="Do not start the mail gateway here.")

    def handle(self, *args, host, port, web_workers, web_threads, web_max_requests, no_worker, no_mail, **options):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE",
                                                                      "cphelpdesk.settings")}
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        # Links in mail point where this server answers, unless a public address is configured.
        env.setdefault("HELPDESK_BASE_URL", base_url(host, port))
        components = {
            "web": ["gunicorn", "cphelpdesk.wsgi:application",
                    # Threads (gunicorn's gthread worker) let one process serve several requests at once, a slow
                    # download to a field connection among them, for a few MB each instead of a process's 80 MB.
                    "--bind", bind, "--workers", str(web_workers), "--worker-class", "gthread",
                    "--threads", str(web_threads), "--preload",
                    "--access-logfile", "-", "--logger-class", "cphelpdesk.core.logs.AccessLogger",
                    "--graceful-timeout", "10", *max_requests(web_max_requests),
                    # gunicorn's control socket is one path per user (~/.gunicorn/gunicorn.ctl): a second service
                    # on the machine (a test's, a bench's) would take it over, and nothing here uses it.
                    "--no-control-socket"],
        }
        if not no_worker:
            components["worker"] = ["django", "worker"]
        if not no_mail:
            components["mail"] = ["django", "mail_gateway"]

        banner = self.banner(host, port)
        sys.stdout.flush()
        sys.stderr.flush()
        # From here on this process becomes the supervisor: a fresh process that loads the application once and
        # forks every component from it, so that they share one copy (cphelpdesk.site.supervisor).
        spec = {"components": components, "banner": banner, "preload": "cphelpdesk.wsgi"}
        env[supervisor.SPEC_VARIABLE] = json.dumps(spec)
        os.execve(sys.executable, [sys.executable, "-m", "cphelpdesk.site.supervisor"], env)  # noqa: S606

    def banner(self, host: str, port: int) -> str:
        """What the service prints once it is running: where it answers, where mail goes, the demo logins."""
        lines = [self.style.SUCCESS(f"CP Helpdesk is running at {base_url(host, port)}/"),
                 f"  mail gateway (SMTP): {settings.HELPDESK_MAIL_GATEWAY}, for {settings.HELPDESK_EMAIL}"]
        if mail_files.in_use():
            lines.append(f"  outgoing mail is written to {settings.EMAIL_FILE_PATH}/, listed for officers at "
                         f"{base_url(host, port)}{reverse('site:mail_written')}")
        logins = directory_demo.existing_demo_logins()
        if logins:
            lines.append(f"  demo logins (password for all: {directory_demo.DEMO_PASSWORD}):")
            lines.extend(f"    {role:<22} {email}" for role, email in logins)
            if not settings.HELPDESK_REQUIRE_STAFF_MFA:
                lines.append(self.style.WARNING(
                    "  MFA for staff is OFF in this demo (HELPDESK_REQUIRE_STAFF_MFA=false); "
                    "production keeps it on."))
        lines.append("  Press Ctrl-C to stop.")
        return "\n".join(lines)
