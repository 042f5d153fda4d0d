"""Polling a hosted mailbox over IMAP: each message is stored first, and only then moved out of the
inbox to the processed folder; a message that could not be stored stays where it was."""

import logging

from imapclient import IMAPClient

from cphelpdesk.mail.gateway import accept_stored
from cphelpdesk.mail.models import InboundMessage

logger = logging.getLogger(__name__)


def poll_mailbox(*, host: str, port: int, username: str, password: str = "", oauth2_token: str = "",
                 ssl: bool = True, folder: str = "INBOX", processed_folder: str = "Processed",
                 batch: int = 200) -> int:
    """Fetch up to `batch` messages from `folder`; returns how many were stored (and moved)."""
    stored = 0
    with IMAPClient(host, port=port, ssl=ssl, timeout=60) as client:
        if oauth2_token:
            client.oauth2_login(username, oauth2_token)  # XOAUTH2 (Microsoft 365, Google Workspace)
        else:
            client.login(username, password)
        if not client.folder_exists(processed_folder):
            client.create_folder(processed_folder)
        client.select_folder(folder)
        uids = client.search(["NOT", "DELETED"])[:batch]
        for uid, data in client.fetch(uids, ["RFC822"]).items():
            raw = data.get(b"RFC822")
            if not raw:
                continue
            try:
                accept_stored(raw=raw, channel=InboundMessage.Channel.IMAP)
            except Exception:
                logger.exception("imap: could not store message %s; it stays in %s", uid, folder)
                continue
            _move(client, uid, processed_folder)
            stored += 1
    return stored


def _move(client: IMAPClient, uid: int, folder: str) -> None:
    if client.has_capability("MOVE"):
        client.move([uid], folder)
    else:  # RFC 3501 servers without MOVE: copy, then mark and expunge the original
        client.copy([uid], folder)
        client.add_flags([uid], [b"\\Deleted"])
        client.uid_expunge([uid]) if client.has_capability("UIDPLUS") else client.expunge()
