"""The helpdesk is no mail cannon (issue 11, point 9): acknowledgements are limited per mailbox however it is
spelt and per domain, never go to a null sender or to mail that asks for none, and mail to an address nobody
verified carries no text its sender chose."""

import smtplib

import pytest

from cphelpdesk.mail import actions as mail_actions
from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.queries.models import Query
from tests.factories import MemberFactory
from tests.helpers import authenticated, run_queued_tasks

PHISHING = "Your account is locked: verify at http://evil.example/login"


def deliver(raw: str, envelope_from: str = "") -> str:
    return process_safely(store_inbound(raw=raw.encode(), channel=InboundMessage.Channel.SMTP,
                                        envelope_from=envelope_from, envelope_to=["helpdesk@cphelpdesk.localhost"]))


@pytest.mark.django_db
def test_sub_addresses_and_case_count_as_one_mailbox(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(mail_actions.ACKNOWLEDGEMENTS_PER_HOUR + 4):
            address = f"Victim+{number}@Example.org" if number % 2 else f"victim+{number}@example.org"
            deliver(f"From: {address}\nSubject: Question {number}\nMessage-ID: <v{number}@x>\n\nHi\n")
    run_queued_tasks()
    assert Query.objects.count() == mail_actions.ACKNOWLEDGEMENTS_PER_HOUR + 4  # every mail is kept
    assert len(inbox.messages) == mail_actions.ACKNOWLEDGEMENTS_PER_HOUR


@pytest.mark.django_db
def test_a_domain_gets_a_limited_number_of_acknowledgements(settings, inbox, django_capture_on_commit_callbacks):
    settings.HELPDESK_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_HOUR = 3
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(6):
            deliver(f"From: person{number}@victim.example\nSubject: Q{number}\nMessage-ID: <d{number}@x>\n\nHi\n")
        deliver("From: someone@elsewhere.example\nSubject: Q\nMessage-ID: <e@x>\n\nHi\n")
    run_queued_tasks()
    assert sum(1 for _, to in inbox.envelopes if to[0].endswith("@victim.example")) == 3
    assert inbox.to("someone@elsewhere.example")


@pytest.mark.django_db
@pytest.mark.parametrize("envelope_from, extra_header", [
    ("<>", ""),  # MAIL FROM:<>, as the gateway records it
    ("MAILER-DAEMON", ""),  # the same through Postfix's pipe
    ("", "Return-Path: <>\n"),  # the same through a mailbox (IMAP)
    ("", "X-Auto-Response-Suppress: All\n"),
])
def test_no_acknowledgement_to_a_null_sender_or_mail_asking_for_none(envelope_from, extra_header, inbox,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = deliver(f"{extra_header}From: victim@example.org\nSubject: {PHISHING}\n\nHi\n", envelope_from)
    assert outcome.startswith("created")  # kept for the officers all the same
    run_queued_tasks()
    assert not inbox.messages


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Auto-Submitted: auto-generated", "Precedence: bulk"])
def test_no_acknowledgement_to_automatic_or_bulk_mail(header, inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deliver(f"{header}\nFrom: victim@example.org\nSubject: {PHISHING}\n\nHi\n")
    run_queued_tasks()
    assert not inbox.messages


@pytest.mark.django_db
def test_an_acknowledgement_to_an_unverified_address_carries_no_text_its_sender_chose(
        inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deliver(f'From: "Call +1 555 0100 to unlock" <victim@example.org>\nSubject: {PHISHING}\n\nHi\n')
    run_queued_tasks()
    [acknowledgement] = inbox.to("victim@example.org")
    text = acknowledgement["Subject"] + inbox.body(acknowledgement)
    assert Query.objects.get().reference in text
    assert "evil.example" not in text and "555 0100" not in text and "locked" not in text


@pytest.mark.django_db
def test_a_members_acknowledgement_still_names_their_question(inbox, django_capture_on_commit_callbacks):
    member = MemberFactory(email="amina@ngo-mali.example.org", full_name="Amina Traoré")
    with django_capture_on_commit_callbacks(execute=True):
        deliver(authenticated(f"From: Amina Traoré <{member.email}>\nSubject: Terms of reference\n\nHi\n"))
    run_queued_tasks()
    [acknowledgement] = inbox.to(member.email)
    assert "Terms of reference" in acknowledgement["Subject"] and "Amina Traoré" in inbox.body(acknowledgement)


@pytest.mark.django_db
def test_the_personal_data_notice_to_an_unverified_address_names_nobody(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deliver('From: "Visit evil.example now" <victim@example.org>\nSubject: Help\n\n'
                "Fatima, 9 years old, lives at 12 Rue des Fleurs; call +33 6 12 34 56 78.\n")
    run_queued_tasks()
    [acknowledgement] = inbox.to("victim@example.org")  # the notice is one sentence of it, not a mail
    assert "P.S." in inbox.body(acknowledgement) and "evil.example" not in inbox.body(acknowledgement)


def test_the_gateway_records_a_null_sender_and_the_smtp_client(running_gateway, inbox):
    with smtplib.SMTP("127.0.0.1", running_gateway, timeout=10, local_hostname="mail.sender.example") as client:
        client.sendmail("<>", ["helpdesk@cphelpdesk.localhost"],
                        f"From: victim@example.org\r\nSubject: {PHISHING}\r\n\r\nHi\r\n")
    inbound = InboundMessage.objects.get()
    assert inbound.envelope_from == "<>" and inbound.client_address == "127.0.0.1"
    assert inbound.client_helo == "mail.sender.example"
    run_queued_tasks()
    inbound.refresh_from_db()
    assert inbound.outcome.startswith("created") and not inbox.messages


@pytest.mark.django_db
@pytest.mark.parametrize("language, desk_name", [
    ("fr", "Service d'assistance en français"), ("es", "Servicio de asistencia en francés"),
    ("ar", "مكتب المساعدة باللغة الفرنسية"),
])
def test_the_acknowledgement_names_the_desk_in_the_readers_language(inbox, django_capture_on_commit_callbacks,
                                                                   language, desk_name):
    from cphelpdesk.directory.models import Country
    from tests.factories import make_query

    member = MemberFactory(preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        make_query(requester=member, country=Country.objects.get(iso2="ML"), language="fr")  # the French desk
    run_queued_tasks()
    [acknowledgement] = inbox.to(member.email)
    body = inbox.body(acknowledgement)
    assert desk_name in body and "French help desk" not in body


@pytest.mark.django_db
def test_the_domain_limit_counts_that_domain_only_however_it_is_spelt(settings, inbox,
                                                                      django_capture_on_commit_callbacks):
    """Wildcards of a database's pattern match ("_", "%") in a domain stand for themselves, case does not count."""
    settings.HELPDESK_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            deliver(f"From: person{number}@axb.example\nSubject: Q{number}\nMessage-ID: <w{number}@x>\n\nHi\n")
        deliver("From: first@a_b.example\nSubject: Q\nMessage-ID: <u1@x>\n\nHi\n")
        deliver("From: second@A_B.Example\nSubject: Q\nMessage-ID: <u2@x>\n\nHi\n")
        deliver("From: third@a_b.example\nSubject: Q\nMessage-ID: <u3@x>\n\nHi\n")
    run_queued_tasks()
    acknowledged = [to[0].lower() for _, to in inbox.envelopes]
    assert sum(1 for address in acknowledged if address.endswith("@axb.example")) == 2
    assert [address for address in acknowledged if address.endswith("@a_b.example")] == ["first@a_b.example",
                                                                                        "second@a_b.example"]
