"""Polling a hosted mailbox over IMAP (`poll_imap_mailbox`, the worker's periodic task when one is configured):
each message is stored first, and only then moved out of the inbox to the processed folder; a message that could
not be stored stays where it was."""

import json
import logging
import urllib.parse
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django_tasks import task

from cphelpdesk.core.scheduler import register_periodic
from cphelpdesk.mail.inbound_tasks import accept_stored
from cphelpdesk.mail.models import InboundMessage

logger = logging.getLogger(__name__)


TOKEN_CACHE_KEY = "mail:imap:oauth2-access-token"  # noqa: S105 (a cache key, not a secret)


class OAuth2Error(Exception):
    """The identity provider refused to give an access token (the message says why)."""


def oauth2_access_token() -> str:
    """A current XOAUTH2 access token: from the refresh token (HELPDESK_IMAP_OAUTH2), kept until shortly
    before it expires; else the fixed token of HELPDESK_IMAP_OAUTH2_TOKEN; else empty (password login)."""
    config = settings.HELPDESK_IMAP_OAUTH2
    if not config["refresh_token"]:
        return settings.HELPDESK_IMAP["oauth2_token"]
    cached = cache.get(TOKEN_CACHE_KEY)
    if cached:
        return cached
    form = {"grant_type": "refresh_token", "refresh_token": config["refresh_token"], "client_id": config["client_id"]}
    if config["client_secret"]:
        form["client_secret"] = config["client_secret"]
    if config["scope"]:
        form["scope"] = config["scope"]
    url = urllib.parse.urlsplit(config["token_url"])
    # Tokens travel only over TLS, except to a provider on this very machine.
    if not (url.scheme == "https" or (url.scheme == "http" and url.hostname in {"127.0.0.1", "localhost", "::1"})):
        raise OAuth2Error("HELPDESK_IMAP_OAUTH2_TOKEN_URL must be an https:// address")
    request = urllib.request.Request(config["token_url"], data=urllib.parse.urlencode(form).encode(),  # noqa: S310
                                     method="POST", headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (scheme checked above)
            answer = json.loads(response.read(1_000_000))
    except urllib.error.HTTPError as error:
        detail = error.read(2000).decode("utf-8", "replace")
        raise OAuth2Error(f"the token endpoint answered {error.code}: {detail}") from error
    except (OSError, ValueError) as error:
        raise OAuth2Error(f"the token endpoint could not be reached or read: {error}") from error
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if not isinstance(token, str) or not token:
        raise OAuth2Error(f"the token endpoint gave no access token: {str(answer)[:200]}")
    lifetime = int(answer.get("expires_in", 3600) or 3600)
    # Renew a minute early, so that a token never expires between fetching it and logging in.
    cache.set(TOKEN_CACHE_KEY, token, timeout=max(lifetime - 60, 1))
    return token


def poll_mailbox(*, host: str, port: int, username: str, password: str = "", oauth2_token: str = "",
                 ssl: bool = True, folder: str = "INBOX", processed_folder: str = "Processed",
                 batch: int = 200) -> int:
    """Fetch up to `batch` messages from `folder`; returns how many were stored (and moved)."""
    # Late: only the worker polls, and only when a mailbox is configured; every other process skips the library.
    from imapclient import IMAPClient  # noqa: PLC0415

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


def poll_configured_mailbox() -> int:
    """Poll the mailbox of the HELPDESK_IMAP_* settings, with a fresh XOAUTH2 token when one is configured."""
    return poll_mailbox(**{**settings.HELPDESK_IMAP, "oauth2_token": oauth2_access_token()})


def _move(client, uid: int, folder: str) -> None:
    if client.has_capability("MOVE"):
        client.move([uid], folder)
    else:  # RFC 3501 servers without MOVE: copy, then mark and expunge the original
        client.copy([uid], folder)
        client.add_flags([uid], [b"\\Deleted"])
        client.uid_expunge([uid]) if client.has_capability("UIDPLUS") else client.expunge()


@task()
def poll_imap_mailbox() -> int:
    """Poll the configured hosted mailbox (HELPDESK_IMAP_*), if there is one."""
    if not settings.HELPDESK_IMAP["host"]:
        return 0
    return poll_configured_mailbox()


if settings.HELPDESK_IMAP["host"]:
    register_periodic(poll_imap_mailbox, every=timedelta(seconds=settings.HELPDESK_IMAP_POLL_SECONDS))
