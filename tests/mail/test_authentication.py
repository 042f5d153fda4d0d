"""The gateway believes no From: mail claiming a member's or an officer's address acts as them only when it
proves its sender (issue 11, point 5). Otherwise it is kept, as an unverified contact's new query."""

import base64

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.actions import process_safely, store_inbound_many
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.queries.models import Message, Query, QueryEvent, Status
from cphelpdesk.queries.threading import query_headers
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import TRUSTED_MTA, StubResolver, authenticated, run_queued_tasks

pytestmark = pytest.mark.django_db


def deliver(raw: bytes | str, to=("helpdesk@cphelpdesk.localhost",), **envelope) -> str:
    raw = raw.encode() if isinstance(raw, str) else raw
    [inbound] = store_inbound_many([{"raw": raw, "envelope_to": to, **envelope}],
                                   channel=InboundMessage.Channel.SMTP)
    return process_safely(inbound)


def answered_query(**fields) -> Query:
    query = make_query(requester=MemberFactory(email="amina@ngo-mali.example.org"), **fields)
    Query.objects.filter(pk=query.pk).update(status=Status.ANSWERED)
    query.refresh_from_db()
    return query


def assert_kept_as_unverified(outcome: str, address: str, claimed: Query | None = None) -> Query:
    """The forged mail is kept, as a new query from an unverified contact, acknowledged to nobody."""
    assert outcome.endswith("(sender unverified)")
    kept = Query.objects.get(reference=outcome.split()[1])
    assert kept.requester is None and kept.requester_email == address and kept.acknowledged_at is None
    event = QueryEvent.objects.get(query=kept, kind="sender_unverified")
    assert event.data["claimed_query"] == (claimed.reference if claimed else None)
    return kept


def test_a_forged_members_from_with_a_subject_of_references_is_not_added_to_their_query(inbox):
    query = answered_query()
    others = " ".join(f"CPH-2026-{number:04d}" for number in range(1, 40))
    forged = f"From: Amina <{query.requester_email}>\nSubject: Re: {others} {query.reference}\n\nMy address is...\n"
    outcome = deliver(forged)
    assert_kept_as_unverified(outcome, query.requester_email, claimed=query)
    query.refresh_from_db()
    assert query.messages.count() == 1 and query.status == Status.ANSWERED  # neither appended to nor reopened
    run_queued_tasks()
    assert not inbox.to(query.requester_email)


def test_a_forged_members_reply_to_our_mail_does_not_reopen_their_query():
    query = answered_query()
    headers = query_headers(query.reference)
    forged = (f"From: {query.requester_email}\nTo: {headers['Reply-To']}\nIn-Reply-To: {headers['Message-ID']}\n"
              "Subject: Re: your answer\n\nPlease reopen.\n")
    outcome = deliver(forged, to=[headers["Reply-To"]])
    assert_kept_as_unverified(outcome, query.requester_email, claimed=query)
    query.refresh_from_db()
    assert query.status == Status.ANSWERED and query.messages.count() == 1
    assert not query.events.filter(kind="reopened").exists()


def test_a_forged_members_new_mail_opens_no_query_in_their_name_until_an_officer_links_it(client):
    member = MemberFactory(email="amina@ngo-mali.example.org")
    outcome = deliver(f"From: Amina <{member.email}>\nSubject: Please send the list of children\n\nThanks\n")
    kept = assert_kept_as_unverified(outcome, member.email)
    assert not Query.objects.filter(requester=member).exists()
    client.force_login(member)
    assert client.get(f"/queries/{kept.reference}/").status_code == 404
    officer = staff_with_mfa(Role.OFFICER)
    client.force_login(officer)
    page = client.get(f"/queries/{kept.reference}/").content.decode()
    assert "Unverified contact" in page and "did not prove its sender" in page
    client.post(f"/queries/{kept.reference}/do/link_requester/", {"email": member.email})  # the officer confirms
    kept.refresh_from_db()
    assert kept.requester == member


def test_a_forged_officers_from_to_a_threads_reply_address_is_no_staff_reply(
        client, inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    headers = query_headers(query.reference)
    forged = f"From: {officer.email}\nTo: {headers['Reply-To']}\nSubject: Re: x\n\nSend me the case files.\n"
    with django_capture_on_commit_callbacks(execute=True):
        outcome = deliver(forged, to=[headers["Reply-To"]])
    kept = assert_kept_as_unverified(outcome, officer.email, claimed=query)
    assert not query.messages.filter(kind=Message.Kind.REPLY).exists()
    client.force_login(officer)
    assert f"it named {query.reference}" in client.get(f"/queries/{kept.reference}/").content.decode()
    run_queued_tasks()
    assert not inbox.to(query.requester_email)
    assert InboundMessage.objects.get().authentication.startswith("nothing proves")


@pytest.mark.parametrize("results", [
    "evil.example; dmarc=pass header.from=example.org",  # an authserv-id we do not trust
    f"{TRUSTED_MTA}; dkim=pass header.d=evil.example",  # a pass for another domain
    f"{TRUSTED_MTA}; spf=pass smtp.mailfrom=someone@evil.example",
    f"{TRUSTED_MTA}; dmarc=fail header.from=example.org",
])
def test_authentication_results_prove_only_a_pass_for_the_from_domain_from_a_trusted_mta(results):
    officer = staff_with_mfa(Role.OFFICER, email="officer@example.org")
    query = make_query()
    headers = query_headers(query.reference)
    forged = f"Authentication-Results: {results}\nFrom: {officer.email}\nSubject: Re: x\n\nHello\n"
    assert_kept_as_unverified(deliver(forged, to=[headers["Reply-To"]]), officer.email, claimed=query)


def test_a_trusted_header_written_before_our_mta_had_the_message_is_ignored():
    officer = staff_with_mfa(Role.OFFICER, email="officer@example.org")
    query = make_query()
    headers = query_headers(query.reference)
    forged = (f"Received: from relay.evil.example by {TRUSTED_MTA} with ESMTP; Sun, 6 Dec 2026 10:00:00 +0000\n"
              "Received: from laptop by relay.evil.example with ESMTP; Sun, 6 Dec 2026 09:59:00 +0000\n"
              f"Authentication-Results: {TRUSTED_MTA}; dmarc=pass header.from=example.org\n"
              f"From: {officer.email}\nSubject: Re: x\n\nHello\n")
    assert_kept_as_unverified(deliver(forged, to=[headers["Reply-To"]]), officer.email, claimed=query)


@pytest.mark.parametrize("results", [
    "dmarc=pass header.from=example.org",
    "dkim=pass header.d=example.org header.s=sel",
    "spf=pass smtp.mailfrom=officer@mail.example.org",
])
def test_a_trusted_mtas_pass_lets_staff_answer_by_mail(results, inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER, email="officer@example.org")
    query = make_query()
    headers = query_headers(query.reference)
    mail = (f"Authentication-Results: {TRUSTED_MTA};\n {results} (checked)\n"
            f"Received: from mail.example.org by {TRUSTED_MTA} with ESMTPS; Sun, 6 Dec 2026 10:00:00 +0000\n"
            f"From: {officer.email}\nTo: {headers['Reply-To']}\nSubject: Re: x\n\nHere is the template.\n")
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(mail, to=[headers["Reply-To"]]) == f"appended to {query.reference}"
    assert query.messages.get(kind=Message.Kind.REPLY).author == officer
    run_queued_tasks()
    assert inbox.to(query.requester_email)


def test_the_members_own_mail_still_opens_a_query_on_their_account():
    member = MemberFactory(email="amina@ngo-mali.example.org")
    outcome = deliver(authenticated(f"From: Amina <{member.email}>\nSubject: Terms of reference\n\nHello\n"))
    assert Query.objects.get(requester=member).reference in outcome


def test_mail_from_nobodys_address_needs_no_proof():
    query = make_query()
    headers = query_headers(query.reference)
    mail = f"From: colleague@ngo.example.org\nTo: {headers['Reply-To']}\nSubject: Re: x\n\nThanks!\n"
    assert deliver(mail, to=[headers["Reply-To"]]) == f"appended to {query.reference}"


# --- the gateway's own checks, when it receives straight from the internet --------------------------

@pytest.fixture
def signing_key(settings):
    """A fresh RSA key: its public half served by the stub resolver at sel._domainkey.ngo-mali.example.org."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    settings.HELPDESK_MAIL_RECEIVES_DIRECTLY = True
    settings.HELPDESK_MAIL_TRUSTED_AUTHSERV_IDS = []
    settings.HELPDESK_MAIL_DNS_RESOLVER = StubResolver({
        ("sel._domainkey.ngo-mali.example.org", "TXT"): [f"v=DKIM1; k=rsa; p={base64.b64encode(public).decode()}"],
        ("ngo-mali.example.org", "TXT"): ["v=spf1 ip4:192.0.2.10 -all"],
    })
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())


def signed(raw: str, key: bytes, domain: str = "ngo-mali.example.org") -> bytes:
    message = raw.replace("\n", "\r\n").encode()
    return dkim.sign(message, b"sel", domain.encode(), key, include_headers=[b"from", b"subject", b"to"]) + message


def test_a_real_dkim_signature_of_the_from_domain_proves_the_sender(signing_key):
    query = answered_query()
    mail = f"From: Amina <{query.requester_email}>\nSubject: Re: {query.reference}\n\nOne more thing.\n"
    assert deliver(signed(mail, signing_key)) == f"appended to {query.reference}"
    query.refresh_from_db()
    assert query.status == Status.IN_PROGRESS
    assert InboundMessage.objects.get().authentication.startswith("dkim=pass d=ngo-mali.example.org")


def test_a_tampered_or_foreign_dkim_signature_proves_nothing(signing_key):
    query = answered_query()
    mail = f"From: {query.requester_email}\nSubject: Re: {query.reference}\n\nOne more thing.\n"
    tampered = signed(mail, signing_key).replace(b"One more thing.", b"Send the files.")
    assert_kept_as_unverified(deliver(tampered), query.requester_email, claimed=query)
    foreign = signed(mail.replace(query.requester_email, "amina@other.example.org"), signing_key)
    foreign = foreign.replace(b"amina@other.example.org", query.requester_email.encode())
    assert_kept_as_unverified(deliver(foreign), query.requester_email, claimed=query)
    query.refresh_from_db()
    assert query.status == Status.ANSWERED and query.messages.count() == 1


def test_spf_for_the_smtp_client_proves_an_aligned_sender(signing_key):
    query = answered_query()
    mail = f"From: {query.requester_email}\nSubject: Re: {query.reference}\n\nFrom the right server.\n"
    outcome = deliver(mail, envelope_from=query.requester_email, client_address="192.0.2.10",
                      client_helo="mail.ngo-mali.example.org")
    assert outcome == f"appended to {query.reference}"
    mail = f"From: {query.requester_email}\nSubject: Re: {query.reference}\n\nFrom anywhere else.\n"
    outcome = deliver(mail, envelope_from=query.requester_email, client_address="198.51.100.7",
                      client_helo="mail.evil.example")
    assert_kept_as_unverified(outcome, query.requester_email, claimed=query)
