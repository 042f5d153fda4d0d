"""The SMTP gateway over loopback: 250 only after the message is stored, 451 when it cannot be, 552 over size."""

import smtplib

import pytest

from cphelpdesk.mail import gateway
from cphelpdesk.mail.models import InboundMessage
from tests.helpers import run_queued_tasks

MESSAGE = b"From: Lucia <lucia@example.org>\r\nTo: helpdesk@cphelpdesk.localhost\r\nSubject: Via SMTP\r\n" \
          b"Message-ID: <gw1@example.org>\r\n\r\nHello over SMTP.\r\n"


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


def _send_at_once(count: int) -> list:
    """`count` messages handed to the gateway's store from as many threads at once: their ids, or errors."""
    import threading

    results, start = [None] * count, threading.Barrier(count)

    def send(number):
        start.wait()
        try:
            results[number] = gateway.accept(raw=MESSAGE.replace(b"gw1@", f"gw-{number}@".encode()),
                                             envelope_from="lucia@example.org",
                                             envelope_to=["helpdesk@cphelpdesk.localhost"])
        except Exception as error:
            results[number] = error

    threads = [threading.Thread(target=send, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_messages_arriving_together_are_stored_in_one_commit_each_with_its_own_id(transactional_db, monkeypatch):
    import time

    commits = []

    def slow_disk(messages, **kwargs):
        commits.append(len(messages))
        time.sleep(0.2)  # the others arrive while the first commit waits for the disk
        return gateway_store(messages, **kwargs)

    gateway_store = gateway.accept_stored_many
    monkeypatch.setattr(gateway, "accept_stored_many", slow_disk)
    ids = _send_at_once(6)
    assert all(isinstance(inbound_id, int) for inbound_id in ids) and len(set(ids)) == 6
    assert sorted(InboundMessage.objects.values_list("pk", flat=True)) == sorted(ids)
    assert sum(commits) == 6 and len(commits) < 6


def test_when_a_shared_commit_fails_every_sender_in_it_is_told_to_retry(transactional_db, monkeypatch):
    def database_down(messages, **kwargs):
        raise RuntimeError("database unreachable")

    gateway_store = gateway.accept_stored_many
    monkeypatch.setattr(gateway, "accept_stored_many", database_down)
    assert all(isinstance(result, RuntimeError) for result in _send_at_once(4))
    assert not InboundMessage.objects.exists()
    # The next message is stored: a failure leaves no one holding the lead.
    monkeypatch.setattr(gateway, "accept_stored_many", gateway_store)
    [inbound_id] = _send_at_once(1)
    assert InboundMessage.objects.filter(pk=inbound_id).exists()


def test_one_message_the_database_refuses_does_not_hold_up_the_others(transactional_db, monkeypatch):
    def refuse_one(messages, **kwargs):
        if any(b"gw-2@" in message["raw"] for message in messages):
            raise RuntimeError("value refused by the database")
        return gateway_store(messages, **kwargs)

    gateway_store = gateway.accept_stored_many
    monkeypatch.setattr(gateway, "accept_stored_many", refuse_one)
    results = _send_at_once(4)
    assert isinstance(results[2], RuntimeError)  # only its sender hears 451
    stored = [result for number, result in enumerate(results) if number != 2]
    assert all(isinstance(inbound_id, int) for inbound_id in stored)
    assert sorted(InboundMessage.objects.values_list("pk", flat=True)) == sorted(stored)


def test_nul_in_headers_or_envelope_is_stored_without_it(transactional_db):
    raw = MESSAGE.replace(b"Message-ID: <gw1@", b"Message-ID: <g\x00w1@")
    inbound_id = gateway.accept(raw=raw, envelope_from="luc\x00ia@example.org",
                                envelope_to=["help\x00desk@cphelpdesk.localhost"])
    inbound = InboundMessage.objects.get(pk=inbound_id)
    assert "\x00" not in inbound.message_id + inbound.envelope_from + "".join(inbound.envelope_to)
    assert bytes(inbound.raw) == raw  # the raw copy stays exact
