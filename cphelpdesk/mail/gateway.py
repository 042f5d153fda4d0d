"""The SMTP/LMTP receiver: store every message durably, answer 250 only after the commit.

A strict receiver that does as little as possible (Mailman's LMTP runner, Zulip's email mirror): it
stores the raw bytes and queues the processing; parsing and routing happen in the worker. When the
database cannot take the message the sender hears 451 and keeps it to try again.
"""

import logging
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from cphelpdesk.mail.inbound_tasks import accept_stored_many
from cphelpdesk.mail.models import InboundMessage

logger = logging.getLogger(__name__)


class _Waiting:
    """One message waiting in the group commit, and what became of it."""

    def __init__(self, message: dict):
        self.message, self.woken = message, threading.Event()
        self.leads, self.done, self.result, self.error = False, False, None, None


class GroupCommit:
    """Messages arriving at once on several connections are stored in one commit: on SQLite each commit
    waits for the disk (`synchronous=FULL`), and one flush per message caps the gateway at the disk's
    flushes per second. The first caller leads: it commits what is waiting (itself first), answers the
    others, and hands the lead to the next waiting caller. Nobody hears 250 before their commit."""

    def __init__(self, batch: int = 50):
        self.batch, self._lock, self._waiting, self._leading = batch, threading.Lock(), [], False

    def store(self, **message) -> int:
        """Store `message` (raw, envelope_from, envelope_to, client_address, client_helo) durably; its id, or
        the commit's exception."""
        me = _Waiting(message)
        with self._lock:
            self._waiting.append(me)
            if not self._leading:
                self._leading = me.leads = True
        if not me.leads:
            me.woken.wait()  # answered, or handed the lead
        if not me.done:
            self._lead()
        if me.error is not None:
            raise me.error
        return me.result

    def _lead(self) -> None:
        with self._lock:
            group, self._waiting = self._waiting[:self.batch], self._waiting[self.batch:]
        try:
            close_old_connections()
            self._store(group)
        finally:
            try:
                close_old_connections()
            finally:
                for waiting in group:
                    waiting.done = True
                    waiting.woken.set()
                with self._lock:
                    if self._waiting:
                        self._waiting[0].leads = True
                        self._waiting[0].woken.set()
                    else:
                        self._leading = False


    @staticmethod
    def _store(group: list[_Waiting]) -> None:
        """Store the group in one commit; if that fails, each message on its own, so that one the database
        refuses (or a commit that failed for any reason) makes only its own sender retry."""
        try:
            ids = accept_stored_many([waiting.message for waiting in group], channel=InboundMessage.Channel.SMTP)
        except Exception as error:
            if len(group) == 1:
                group[0].error = error  # nothing was stored: the sender hears 451 and retries
                return
            for waiting in group:
                GroupCommit._store([waiting])
            return
        for waiting, inbound_id in zip(group, ids, strict=True):
            waiting.result = inbound_id


_group_commit = GroupCommit()


def accept(*, raw: bytes, envelope_from: str, envelope_to: list[str], client_address: str = "",
           client_helo: str = "") -> int:
    """The gateway's store (runs in a worker thread; the commit is shared with messages arriving at once)."""
    return _group_commit.store(raw=raw, envelope_from=envelope_from, envelope_to=envelope_to,
                               client_address=client_address, client_helo=client_helo)


class GatewayHandler:
    async def handle_DATA(self, server, session, envelope):
        peer = session.peer if isinstance(session.peer, tuple) else ("",)
        try:
            # A null reverse path (MAIL FROM:<>) is recorded as "<>": such mail is never answered automatically.
            await sync_to_async(accept, thread_sensitive=False)(
                raw=envelope.original_content or b"", envelope_from=envelope.mail_from or "",
                envelope_to=list(envelope.rcpt_tos), client_address=peer[0] or "",
                client_helo=session.host_name or "")
        except Exception:
            logger.exception("mail gateway: could not store a message; the sender will retry")
            return "451 4.3.0 Temporary failure, please try again later"
        return "250 2.0.0 Message accepted for delivery"


class _LMTPController(Controller):
    def factory(self):
        return LMTP(self.handler, data_size_limit=settings.HELPDESK_MAX_MESSAGE_BYTES, enable_SMTPUTF8=True)


class _SMTPController(Controller):
    def factory(self):
        return SMTP(self.handler, data_size_limit=settings.HELPDESK_MAX_MESSAGE_BYTES, enable_SMTPUTF8=True)


def controller(*, host: str, port: int, lmtp: bool = False) -> Controller:
    """A gateway on host:port; `.start()` it and `.stop()` it (over-size mail gets 552 from aiosmtpd)."""
    cls = _LMTPController if lmtp else _SMTPController
    return cls(GatewayHandler(), hostname=host, port=port)
