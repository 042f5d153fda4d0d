"""The SMTP gateway over loopback: 250 only after the message is stored, 451 when it cannot be, 552 over size."""

import smtplib

import pytest

from cphelpdesk.mail import gateway
from cphelpdesk.mail.models import InboundMessage
from tests.helpers import run_queued_tasks
from tests.mailserver import free_port

MESSAGE = b"From: Lucia <lucia@example.org>\r\nTo: helpdesk@cphelpdesk.localhost\r\nSubject: Via SMTP\r\n" \
          b"Message-ID: <gw1@example.org>\r\n\r\nHello over SMTP.\r\n"


@pytest.fixture
def running_gateway(transactional_db, reference_data):
    port = free_port()
    controller = gateway.controller(host="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


def test_a_message_is_stored_then_accepted_then_processed(running_gateway):
    with smtplib.SMTP("127.0.0.1", running_gateway, timeout=10) as client:
        refused = client.sendmail("lucia@example.org", ["helpdesk@cphelpdesk.localhost"], MESSAGE)
    assert refused == {}
    inbound = InboundMessage.objects.get()
    assert bytes(inbound.raw).replace(b"\r\n", b"\n") == MESSAGE.replace(b"\r\n", b"\n")
    assert inbound.envelope_to == ["helpdesk@cphelpdesk.localhost"] and inbound.channel == "smtp"
    run_queued_tasks()
    inbound.refresh_from_db()
    assert inbound.status == "processed" and inbound.outcome.startswith("created CPH-")


def test_the_sender_is_told_to_retry_when_storing_fails(running_gateway, monkeypatch):
    def database_down(**kwargs):
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(gateway, "accept", database_down)
    with smtplib.SMTP("127.0.0.1", running_gateway, timeout=10) as client, \
            pytest.raises(smtplib.SMTPDataError) as refused:
        client.sendmail("lucia@example.org", ["helpdesk@cphelpdesk.localhost"], MESSAGE)
    assert refused.value.smtp_code == 451
    assert not InboundMessage.objects.exists()


def test_over_size_mail_is_refused_at_smtp_time(running_gateway, settings):
    big = MESSAGE + b"x" * (settings.HELPDESK_MAX_MESSAGE_BYTES + 10)
    refusals = (smtplib.SMTPDataError, smtplib.SMTPSenderRefused, smtplib.SMTPServerDisconnected)
    with smtplib.SMTP("127.0.0.1", running_gateway, timeout=30) as client, pytest.raises(refusals) as err:
        client.sendmail("lucia@example.org", ["helpdesk@cphelpdesk.localhost"], big)
    assert getattr(err.value, "smtp_code", 552) == 552
    assert not InboundMessage.objects.exists()
