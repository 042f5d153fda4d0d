"""Workers draining received mail claim it a batch at a time: they split a burst, and a dead worker's
claim lapses so that nothing it held is lost."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cphelpdesk.mail.actions import claim_received, store_inbound
from cphelpdesk.mail.inbound_tasks import process_received_mail, process_waiting_mail
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.queries.models import Query
from tests.helpers import run_queued_tasks


def store(count: int) -> list[int]:
    return [store_inbound(raw=(f"From: person{number}@example.org\r\nTo: helpdesk@cphelpdesk.localhost\r\n"
                               f"Subject: Question {number}\r\n\r\nHello {number}\r\n").encode(),
                          channel=InboundMessage.Channel.SMTP).pk for number in range(count)]


def later(monkeypatch, seconds: int) -> None:
    """Let `seconds` pass for the code under test."""
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=seconds))


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_never_claim_the_same_message():
    stored = store(80)
    start = threading.Barrier(2)
    claimed = {0: [], 1: []}

    def drain(worker: int) -> None:
        try:
            start.wait()
            while batch := claim_received(limit=7):
                claimed[worker].extend(batch)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain, args=(worker,)) for worker in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not set(claimed[0]) & set(claimed[1])
    assert sorted(claimed[0] + claimed[1]) == stored


@pytest.mark.django_db
def test_a_claim_holds_for_its_lease_then_anyone_takes_it_over(settings, monkeypatch):
    settings.HELPDESK_MAIL_CLAIM_SECONDS = 60
    first, second, third = store(3)
    assert claim_received(limit=2) == [first, second]
    assert claim_received(limit=2) == [third]
    later(monkeypatch, 59)
    assert claim_received(limit=10) == []
    later(monkeypatch, 61)
    assert claim_received(limit=10) == [first, second, third]


@pytest.mark.django_db
def test_a_dead_workers_messages_are_processed_by_the_next_run_after_the_lease(settings, monkeypatch):
    settings.HELPDESK_MAIL_CLAIM_SECONDS = 60
    store(2)
    claim_received(limit=10)  # a worker that then dies
    assert process_received_mail.call() == 0  # a live worker leaves a claimed message alone
    assert set(InboundMessage.objects.values_list("status", flat=True)) == {InboundMessage.Status.RECEIVED}
    later(monkeypatch, 61)
    assert process_received_mail.call() == 2
    assert Query.objects.count() == 2
    assert set(InboundMessage.objects.values_list("status", flat=True)) == {InboundMessage.Status.PROCESSED}


@pytest.mark.django_db
def test_the_sweep_processes_a_dead_workers_messages(settings, inbox):
    settings.HELPDESK_MAIL_CLAIM_SECONDS = 60
    store(2)
    claim_received(limit=10)  # a worker that then dies
    InboundMessage.objects.update(received_at=timezone.now() - timedelta(
        seconds=settings.HELPDESK_MAIL_SWEEP_SECONDS + 1), claimed_until=timezone.now() - timedelta(seconds=1))
    assert process_waiting_mail.call() == 2
    run_queued_tasks()
    assert Query.objects.count() == 2
    assert set(InboundMessage.objects.values_list("status", flat=True)) == {InboundMessage.Status.PROCESSED}


@pytest.mark.django_db
def test_a_message_sent_through_again_can_be_claimed_again(monkeypatch):
    from cphelpdesk.mail.actions import reprocess

    [stored] = store(1)
    assert claim_received(limit=10) == [stored]
    InboundMessage.objects.filter(pk=stored).update(status=InboundMessage.Status.QUARANTINED)
    reprocess(InboundMessage.objects.get(pk=stored))
    assert claim_received(limit=10) == [stored]
