"""Run the SMTP (or LMTP) mail gateway, for an MTA to deliver the helpdesk's mail to."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from cphelpdesk.mail.gateway import controller


class Command(BaseCommand):
    help = "Receive mail over SMTP or LMTP: store each message, answer 250 after the commit, process in the worker."
    # The system checks import every URL pattern and so every view (spreadsheets, the API's schema library):
    # tens of megabytes that a process receiving SMTP never uses. The web server and `manage.py check` run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        host, _, port = settings.HELPDESK_MAIL_GATEWAY.rpartition(":")
        parser.add_argument("--host", default=host or "127.0.0.1")
        parser.add_argument("--port", type=int, default=int(port or 2525))
        parser.add_argument("--lmtp", action="store_true", help="Speak LMTP (for Postfix's lmtp transport).")

    def handle(self, *args, host, port, lmtp, **options):
        gateway = controller(host=host, port=port, lmtp=lmtp)
        stopped = threading.Event()
        for name in ("SIGINT", "SIGTERM"):
            signal.signal(getattr(signal, name), lambda *_: stopped.set())
        gateway.start()
        self.stdout.write(f"mail gateway ({'LMTP' if lmtp else 'SMTP'}) listening on {host}:{port}")
        try:
            stopped.wait()
        finally:
            gateway.stop()
