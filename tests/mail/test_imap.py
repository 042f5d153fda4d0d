"""The IMAP poller against a real IMAP server on loopback (Debian's Dovecot, run from a config of our own)."""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from imapclient import IMAPClient

from cphelpdesk.mail import gateway, imap
from cphelpdesk.mail.models import InboundMessage
from tests.helpers import run_queued_tasks
from tests.mailserver import free_port

DOVECOT = shutil.which("dovecot") or (shutil.which("dovecot", path="/usr/sbin:/sbin"))
USER, PASSWORD = "helpdesk@cphelpdesk.localhost", "imap-test-secret"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DOVECOT, reason="IMAP tests need Debian's Dovecot: apt-get install dovecot-imapd"),
]


@pytest.fixture
def dovecot():
    """A throwaway Dovecot: plain-text IMAP on a free loopback port, one user, maildir in a temporary
    folder its unprivileged processes can enter (pytest's own tmp folders are private to root)."""
    port = free_port()
    base = Path(tempfile.mkdtemp(prefix="cph-dovecot-"))
    base.chmod(0o755)
    for sub in ("run", "mail", "home"):
        (base / sub).mkdir(parents=True)
    (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    config = base / "dovecot.conf"
    config.write_text(f"""
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:{base}/mail/%n
base_dir = {base}/run
log_path = {base}/dovecot.log
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {base}/passwd
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
    monkeypatch.setattr(imap, "accept_stored", gateway.accept_stored)
    assert poll(dovecot) == 1
