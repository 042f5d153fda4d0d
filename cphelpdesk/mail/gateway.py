"""The SMTP/LMTP receiver: store every message durably, answer 250 only after the commit.

A strict receiver that does as little as possible (Mailman's LMTP runner, Zulip's email mirror): it
stores the raw bytes and queues the processing; parsing and routing happen in the worker. When the
database cannot take the message the sender hears 451 and keeps it to try again.
"""

import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from cphelpdesk.mail.models import InboundMessage

logger = logging.getLogger(__name__)


def accept_stored(*, raw: bytes, channel: str, envelope_from: str = "", envelope_to=()) -> int:
    """Store one message and make sure a processing run will see it; returns its id."""
    from cphelpdesk.core.tasks import enqueue_unless_waiting
    from cphelpdesk.mail.actions import store_inbound
    from cphelpdesk.mail.tasks import process_received_mail

    inbound = store_inbound(raw=raw, channel=channel, envelope_from=envelope_from, envelope_to=envelope_to)
    # A lost enqueue is caught by the periodic sweep (process_waiting_mail): the message is stored.
    enqueue_unless_waiting(process_received_mail)
    return inbound.pk


def accept(*, raw: bytes, envelope_from: str, envelope_to: list[str]) -> int:
    """The gateway's store (runs in a worker thread, with its own database connection)."""
    close_old_connections()
    try:
        return accept_stored(raw=raw, channel=InboundMessage.Channel.SMTP, envelope_from=envelope_from,
                             envelope_to=envelope_to)
    finally:
        close_old_connections()


class GatewayHandler:
    async def handle_DATA(self, server, session, envelope):
        try:
            await sync_to_async(accept, thread_sensitive=False)(
                raw=envelope.original_content or b"", envelope_from=envelope.mail_from or "",
                envelope_to=list(envelope.rcpt_tos))
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
