"""The IMAP poller against a real IMAP server on loopback (Debian's Dovecot, run from a config of our own)."""

import json
import shutil
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from imapclient import IMAPClient

from cphelpdesk.mail import imap, inbound_tasks
from cphelpdesk.mail.models import InboundMessage
from tests.helpers import run_queued_tasks
from tests.mailserver import free_port

DOVECOT = shutil.which("dovecot") or (shutil.which("dovecot", path="/usr/sbin:/sbin"))
USER, PASSWORD = "helpdesk@cphelpdesk.localhost", "imap-test-secret"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DOVECOT, reason="IMAP tests need Debian's Dovecot: apt-get install dovecot-imapd"),
]


class IdentityProvider:
    """A tiny OAuth2 provider on loopback: issues access tokens for a refresh token (RFC 6749 section 6)
    and answers Dovecot's token introspection (RFC 7662), so XOAUTH2 runs end to end."""

    REFRESH_TOKEN = "refresh-1"

    def __init__(self):
        provider = self
        self.issued, self.requests = [], []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                provider.requests.append((self.path, form))
                if self.path == "/token":
                    if form.get("refresh_token") != [provider.REFRESH_TOKEN] or form.get("client_id") != ["cph"]:
                        return self.reply(400, {"error": "invalid_grant"})
                    provider.issued.append(f"access-{len(provider.issued) + 1}")
                    return self.reply(200, {"access_token": provider.issued[-1], "expires_in": 3600,
                                            "token_type": "Bearer"})
                token = form.get("token", [""])[0]
                return self.reply(200, {"active": token in provider.issued, "username": USER})

            def reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def identity_provider():
    provider = IdentityProvider()
    yield provider
    provider.close()


@pytest.fixture
def dovecot(identity_provider):
    """A throwaway Dovecot: plain-text IMAP on a free loopback port, one user, maildir in a temporary
    folder its unprivileged processes can enter (pytest's own tmp folders are private to root)."""
    port = free_port()
    base = Path(tempfile.mkdtemp(prefix="cph-dovecot-"))
    base.chmod(0o755)
    for sub in ("run", "mail", "home"):
        (base / sub).mkdir(parents=True)
    (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    (base / "oauth2.conf").write_text(
        f"introspection_mode = post\nintrospection_url = {identity_provider.url}/introspect\n"
        "username_attribute = username\nactive_attribute = active\nactive_value = true\n")
    config = base / "dovecot.conf"
    config.write_text(f"""
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
first_valid_uid = 1
mail_location = maildir:{base}/mail/%n
base_dir = {base}/run
log_path = {base}/dovecot.log
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {base}/passwd
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {base}/oauth2.conf
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={base}/home/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
""")
    subprocess.run(["chown", "-R", "dovecot:dovecot", str(base / "mail"), str(base / "home")], check=True)  # noqa: S603, S607
    subprocess.run([DOVECOT, "-c", str(config)], check=True, timeout=30)  # noqa: S603
    try:
        for _ in range(50):
            try:
                with IMAPClient("127.0.0.1", port=port, ssl=False, timeout=5) as client:
                    client.login(USER, PASSWORD)
                break
            except Exception:
                time.sleep(0.1)
        yield port
    finally:
        subprocess.run(["doveadm", "-c", str(config), "stop"], timeout=30, check=False)  # noqa: S603, S607
        shutil.rmtree(base, ignore_errors=True)


def mailbox(port):
    client = IMAPClient("127.0.0.1", port=port, ssl=False, timeout=10)
    client.login(USER, PASSWORD)
    return client


def poll(port):
    return imap.poll_mailbox(host="127.0.0.1", port=port, username=USER, password=PASSWORD, ssl=False)


def test_mail_is_stored_then_moved_to_the_processed_folder(dovecot):
    with mailbox(dovecot) as client:
        for number in range(3):
            client.append("INBOX", f"From: s{number}@example.org\r\nSubject: IMAP {number}\r\n"
                                   f"Message-ID: <imap{number}@example.org>\r\n\r\nHello {number}\r\n".encode())
    assert poll(dovecot) == 3
    with mailbox(dovecot) as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        assert client.select_folder("Processed")[b"EXISTS"] == 3
    assert set(InboundMessage.objects.values_list("channel", flat=True)) == {"imap"}
    run_queued_tasks()
    assert InboundMessage.objects.filter(status="processed").count() == 3


def test_unstored_mail_is_never_removed_from_the_inbox(dovecot, monkeypatch):
    with mailbox(dovecot) as client:
        client.append("INBOX", b"From: s@example.org\r\nSubject: keep me\r\n\r\nHello\r\n")

    def database_down(**kwargs):
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(imap, "accept_stored", database_down)
    assert poll(dovecot) == 0
    with mailbox(dovecot) as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 1
    monkeypatch.setattr(imap, "accept_stored", inbound_tasks.accept_stored)
    assert poll(dovecot) == 1


def test_xoauth2_login_with_a_refreshed_access_token(dovecot, identity_provider, settings):
    """The poller trades the refresh token for an access token, logs in with XOAUTH2, and reuses the
    token until it nears expiry."""
    settings.HELPDESK_IMAP = {"host": "127.0.0.1", "port": dovecot, "username": USER, "password": "",
                              "oauth2_token": "", "ssl": False, "folder": "INBOX", "processed_folder": "Processed"}
    settings.HELPDESK_IMAP_OAUTH2 = {"token_url": f"{identity_provider.url}/token", "client_id": "cph",
                                     "client_secret": "s3cret", "refresh_token": IdentityProvider.REFRESH_TOKEN,
                                     "scope": "https://outlook.office.com/IMAP.AccessAsUser.All offline_access"}
    with mailbox(dovecot) as client:
        client.append("INBOX", b"From: s@example.org\r\nSubject: via oauth\r\n\r\nHello\r\n")
    assert imap.poll_configured_mailbox() == 1
    assert imap.poll_configured_mailbox() == 0
    token_requests = [form for path, form in identity_provider.requests if path == "/token"]
    assert len(token_requests) == 1  # the access token was kept for the second poll
    assert token_requests[0]["grant_type"] == ["refresh_token"] and token_requests[0]["client_secret"] == ["s3cret"]
    assert any(path == "/introspect" for path, _ in identity_provider.requests)  # Dovecot checked it


def test_a_refused_refresh_token_is_a_clear_error(identity_provider, settings):
    from django.core.management import CommandError, call_command

    settings.HELPDESK_IMAP = {**settings.HELPDESK_IMAP, "host": "127.0.0.1"}
    settings.HELPDESK_IMAP_OAUTH2 = {"token_url": f"{identity_provider.url}/token", "client_id": "cph",
                                     "client_secret": "", "refresh_token": "revoked", "scope": ""}
    with pytest.raises(CommandError, match="invalid_grant"):
        call_command("poll_imap")
