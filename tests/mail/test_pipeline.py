"""The mail pipeline on our own corpus: senders, threading, noise, hostile headers, no loss, retries."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from cphelpdesk.directory.models import Desk, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail import actions as mail_actions
from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.queries import actions, selectors
from cphelpdesk.queries.models import Message, Query, QueryEvent, Status
from cphelpdesk.queries.threading import query_headers, reply_address
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import authenticated, run_queued_tasks

pytestmark = pytest.mark.django_db
MESSAGES = Path(__file__).parent / "messages"


def deliver(raw: bytes | str, to=("helpdesk@cphelpdesk.localhost",)) -> str:
    raw = raw.encode() if isinstance(raw, str) else raw
    return process_safely(store_inbound(raw=raw, channel=InboundMessage.Channel.PIPE, envelope_to=to))


def fixture(name: str) -> bytes:
    return (MESSAGES / name).read_bytes()


def test_a_members_mail_becomes_their_query_and_is_acknowledged_in_their_language(
        inbox, django_capture_on_commit_callbacks):
    member = MemberFactory(email="aminata@ngo-mali.example.org", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = deliver(authenticated(fixture("member-question-fr.eml")))
    query = Query.objects.get()
    assert outcome == f"created {query.reference}"
    assert query.requester == member and query.channel == "email" and query.language == "fr"
    assert query.country.iso2 == "ML" and query.organisation == member.organisation  # from their account
    assert query.subject == "Modèle de termes de référence"
    assert "modèle de termes de référence pour un groupe infranational" in selectors.question(query).body
    run_queued_tasks()
    [ack] = inbox.to(member.email)
    assert query.reference in ack["Subject"] and "Merci" not in ack["Subject"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["Reply-To"] == reply_address(query.reference)
    assert query.reference.lower() in ack["Message-ID"]


def test_a_closed_accounts_address_and_one_without_organisation_or_country():
    closed = MemberFactory(email="closed@ngo.example.org", is_active=False)
    placeless = MemberFactory(email="placeless@ngo.example.org", organisation=None, country=None)
    for member in (closed, placeless):
        deliver(authenticated(f"From: {member.email}\nSubject: Terms of reference\nMessage-ID: <{member.pk}@x>\n\nHi"))
    assert Query.objects.get(requester_email=closed.email).requester is None  # an unverified contact
    query = Query.objects.get(requester_email=placeless.email)
    assert query.requester == placeless and query.country is None and query.organisation is None


def test_an_unknown_sender_becomes_an_unverified_contact():
    deliver(fixture("html-only-windows-1252.eml"))
    query = Query.objects.get()
    assert query.requester is None and query.requester_email == "carlos@example.org"
    body = query.messages.get().body
    assert "¿tienen una plantilla del 5W?" in body and "alert" not in body and "color:red" not in body


def test_a_reply_to_our_mail_lands_on_its_query(django_capture_on_commit_callbacks):
    query = make_query()
    headers = query_headers(query.reference)
    reply = (f"From: Someone Else <colleague@ngo.example.org>\nTo: {headers['Reply-To']}\n"
             f"Subject: Re: anything\nIn-Reply-To: {headers['Message-ID']}\nMessage-ID: <r1@x.example>\n\nThanks!\n")
    assert deliver(reply, to=[headers["Reply-To"]]) == f"appended to {query.reference}"
    assert query.messages.filter(kind=Message.Kind.REQUESTER, body="Thanks!").exists()


def test_a_forged_token_or_someone_elses_subject_reference_starts_a_new_query():
    query = make_query()
    forged = query.reference.lower() + "-0123456789abcdef"
    mail = f"From: x@evil.example\nTo: helpdesk+{forged}@cphelpdesk.localhost\nSubject: Re: {query.reference}\n\nHi\n"
    outcome = deliver(mail)
    assert outcome.startswith("created") and outcome != f"created {query.reference}"
    assert query.messages.count() == 1


def test_the_requester_can_reply_with_just_the_reference_in_the_subject():
    query = make_query()
    Query.objects.filter(pk=query.pk).update(status=Status.ANSWERED)
    mail = f"From: {query.requester_email}\nSubject: Re: [CP Helpdesk] {query.reference} answered\n\nOne more thing\n"
    assert deliver(authenticated(mail)) == f"appended to {query.reference}"
    query.refresh_from_db()
    assert query.status == Status.IN_PROGRESS  # a follow-up reopens the answered query


def test_out_of_office_is_recorded_on_the_query_without_changing_it():
    query = make_query()
    raw = fixture("out-of-office.eml").replace(b"Auto-Submitted", b"In-Reply-To: " + query_headers(
        query.reference)["Message-ID"].encode() + b"\nAuto-Submitted")
    assert deliver(raw) == "auto-reply ignored"
    query.refresh_from_db()
    assert query.status == Status.NEW and query.messages.count() == 1
    assert QueryEvent.objects.filter(query=query, kind="auto_reply_received").exists()


def test_bounces_mark_the_member_and_create_no_query():
    member = MemberFactory(email="bounced.member@example.org")
    assert deliver(fixture("dsn-bounce.eml")) == "bounce"
    assert not Query.objects.exists()
    assert Member.objects.get(pk=member.pk).email_bounced_at is not None


def test_list_traffic_is_recorded_not_answered(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(fixture("list-post.eml")) == "list post recorded"
    run_queued_tasks()
    assert not Query.objects.exists() and not inbox.messages


def test_duplicates_are_processed_once():
    raw = fixture("member-question-fr.eml")
    assert deliver(raw).startswith("created")
    assert deliver(raw) == "duplicate"
    same_id_other_bytes = raw.replace(b"Merci", b"Merci beaucoup")
    assert deliver(same_id_other_bytes) == "duplicate"
    assert Query.objects.count() == 1 and InboundMessage.objects.count() == 3
    # Each copy is kept, pointing at the query the first one made (an officer sees all three there).
    assert set(InboundMessage.objects.values_list("query", flat=True)) == {Query.objects.get().pk}


def test_hostile_headers_never_carry_a_line_break():
    deliver(fixture("hostile-crlf-subject.eml"))
    query = Query.objects.get()
    assert "\r" not in query.subject and "\n" not in query.subject
    assert query.subject == "Hello Bcc: victim@evil.example"


def test_an_ambiguous_sender_is_quarantined_not_guessed():
    outcome = deliver(fixture("ambiguous-from.eml"))
    assert outcome.startswith("quarantined: ambiguous")
    assert not Query.objects.exists()
    inbound = InboundMessage.objects.get()
    assert inbound.status == InboundMessage.Status.QUARANTINED and bytes(inbound.raw) == fixture("ambiguous-from.eml")


def test_attachments_are_checked_and_refusals_noted(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    deliver(fixture("with-attachments.eml"))
    message = Query.objects.get().messages.get()
    assert [a.original_name for a in message.attachments.all()] == ["Borrador revisión.pdf"]
    assert "setup.exe" in message.body and "not accepted" in message.body
    assert "Please review the attached draft." in message.body


def test_acknowledgements_are_rate_limited_per_sender(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(mail_actions.ACKNOWLEDGEMENTS_PER_HOUR + 3):
            deliver(f"From: chatty@example.org\nSubject: Question {number}\nMessage-ID: <c{number}@x>\n\nHi\n")
    run_queued_tasks()
    assert Query.objects.count() == mail_actions.ACKNOWLEDGEMENTS_PER_HOUR + 3
    assert len(inbox.to("chatty@example.org")) == mail_actions.ACKNOWLEDGEMENTS_PER_HOUR


def test_no_acknowledgement_to_machines(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver("From: noreply@shop.example\nSubject: Your order\n\nShipped\n").startswith("created")
    run_queued_tasks()
    assert not inbox.messages


def test_system_faults_are_retried_then_quarantined(monkeypatch):
    inbound = store_inbound(raw=fixture("member-question-fr.eml"), channel=InboundMessage.Channel.PIPE)

    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(actions, "submit_query", broken)
    assert process_safely(inbound) is None and process_safely(inbound) is None
    assert process_safely(inbound).startswith("quarantined: failed 3 times")
    monkeypatch.undo()
    mail_actions.reprocess(inbound)
    assert process_safely(inbound).startswith("created")


def test_a_processed_message_keeps_its_outcome_query_proof_and_attempts_and_no_earlier_error(monkeypatch):
    MemberFactory(email="aminata@ngo-mali.example.org")
    inbound = store_inbound(raw=authenticated(fixture("member-question-fr.eml")), channel=InboundMessage.Channel.PIPE)

    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(actions, "submit_query", broken)
    assert process_safely(inbound) is None
    monkeypatch.undo()
    outcome = process_safely(inbound)
    stored = InboundMessage.objects.get()
    assert stored.status == InboundMessage.Status.PROCESSED and stored.query == Query.objects.get()
    assert outcome == stored.outcome == f"created {stored.query.reference}"
    assert stored.attempts == 2 and stored.error == "" and stored.processed_at is not None
    assert stored.authentication.startswith("dmarc=pass")


def test_ingest_email_prints_the_outcome(tmp_path):
    path = tmp_path / "m.eml"
    path.write_bytes(fixture("html-only-windows-1252.eml"))
    out = io.StringIO()
    call_command("ingest_email", str(path), "--to", "helpdesk@cphelpdesk.localhost", stdout=out)
    assert out.getvalue().startswith("created CPH-")
    out = io.StringIO()
    call_command("ingest_email", str(path), stdout=out)
    assert out.getvalue().strip() == "duplicate"


def test_ingest_email_asks_the_mta_to_retry_when_the_database_is_down(tmp_path, monkeypatch):
    from cphelpdesk.mail.management.commands import ingest_email

    def down(**kwargs):
        raise DatabaseError("could not connect")

    monkeypatch.setattr(ingest_email, "store_inbound", down)
    path = tmp_path / "m.eml"
    path.write_bytes(b"From: a@b.example\n\nx\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("ingest_email", str(path))
    assert exit_.value.code == 75


def test_staff_reply_by_mail_is_a_requester_message_only_if_they_hold_the_token():
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    mail = f"From: {officer.email}\nSubject: {query.reference}\n\nHello\n"
    assert deliver(authenticated(mail)).startswith("created")  # the subject alone is not enough for someone else
    assert query.messages.count() == 1


def test_officers_see_quarantined_mail_download_it_and_process_it_again(client, django_capture_on_commit_callbacks):
    deliver(fixture("ambiguous-from.eml"))
    inbound = InboundMessage.objects.get()
    officer = staff_with_mfa(Role.OFFICER)
    # Sent to the helpdesk's general address: the global desk's officers look after it.
    Desk.objects.get(is_global=True).officers.add(officer)
    client.force_login(officer)
    page = client.get("/staff/mail/").content.decode()
    assert "Who am I" in page and "ambiguous" in page
    raw = client.get(f"/staff/mail/{inbound.pk}/raw/")
    assert raw.content == fixture("ambiguous-from.eml") and raw["Content-Disposition"].startswith("attachment")
    client.post(f"/staff/mail/{inbound.pk}/reprocess/")
    inbound.refresh_from_db()
    assert inbound.status == InboundMessage.Status.RECEIVED
    run_queued_tasks()
    inbound.refresh_from_db()
    assert inbound.status == InboundMessage.Status.QUARANTINED  # still ambiguous: back in quarantine


@pytest.mark.parametrize("role", [Role.EXPERT, Role.FOCAL_POINT, Role.ADMINISTRATOR, Role.MEMBER])
def test_only_officers_look_after_inbound_mail(client, role):
    deliver(fixture("ambiguous-from.eml"))
    inbound = InboundMessage.objects.get()
    client.force_login(staff_with_mfa(role) if role != Role.MEMBER else MemberFactory())
    assert client.get("/staff/mail/").status_code == 403
    assert client.get(f"/staff/mail/{inbound.pk}/raw/").status_code == 403
    assert client.post(f"/staff/mail/{inbound.pk}/reprocess/").status_code == 403


def test_quoted_text_is_trimmed_for_the_thread_and_kept_one_click_away(client):
    query = make_query()
    headers = query_headers(query.reference)
    reply = (f"From: {query.requester_email}\nTo: {headers['Reply-To']}\nSubject: Re: x\n"
             "Content-Type: text/plain; charset=utf-8\n\n"
             "Merci beaucoup, c'est parfait.\n\n"
             "Le ven. 27 nov. 2026 à 10:00, CP Helpdesk <helpdesk@cphelpdesk.localhost> a écrit :\n"
             "> Bonjour,\n> Voici le modèle.\n")
    deliver(authenticated(reply.encode()), to=[headers["Reply-To"]])
    message = query.messages.order_by("-id").first()
    assert message.reply_text == "Merci beaucoup, c'est parfait."
    assert "> Voici le modèle." in message.body
    client.force_login(query.requester)
    page = client.get(f"/queries/{query.reference}/").content.decode()
    assert "Show the whole message" in page and "Voici le modèle." in page


def test_importing_a_mailbox_threads_history_with_original_dates_and_is_idempotent(tmp_path, inbox):
    import mailbox

    path = tmp_path / "history.mbox"
    box = mailbox.mbox(path)
    box.add(b"From: old@ngo.example.org\nSubject: ToR question\nMessage-ID: <h1@x>\n"
            b"Date: Mon, 06 Jan 2025 09:00:00 +0000\n\nAn old question\n")
    box.add(b"From: old@ngo.example.org\nSubject: Re: ToR question\nMessage-ID: <h2@x>\nIn-Reply-To: <h1@x>\n"
            b"Date: Tue, 07 Jan 2025 09:00:00 +0000\n\nA follow-up\n")
    box.flush()
    out = io.StringIO()
    call_command("import_mailbox", str(path), stdout=out)
    query = Query.objects.get()
    assert query.received_at.year == 2025 and query.received_at.month == 1
    assert not inbox.messages  # no acknowledgement for history
    call_command("import_mailbox", str(path), stdout=(again := io.StringIO()))
    assert "already imported: 2" in again.getvalue() and Query.objects.count() == 1


def test_an_officer_links_an_unverified_contacts_query_to_a_member(client):
    deliver(fixture("html-only-windows-1252.eml"))
    query = Query.objects.get()
    member = MemberFactory(email="carlos.member@example.org")
    officer = staff_with_mfa(Role.OFFICER)
    client.force_login(officer)
    assert "Unverified contact" in client.get(f"/queries/{query.reference}/").content.decode()
    client.post(f"/queries/{query.reference}/do/link_requester/", {"email": member.email})
    query.refresh_from_db()
    assert query.requester == member and query.messages.get().author == member
    assert query.events.filter(kind="requester_linked").exists()
    client.force_login(member)
    assert client.get(f"/queries/{query.reference}/").status_code == 200


def test_staff_answer_a_query_from_their_mail_client(inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    headers = query_headers(query.reference)
    mail = (f"From: {officer.email}\nTo: {headers['Reply-To']}\nSubject: Re: x\n\nHere is the template.\n\n"
            "On Fri, someone wrote:\n> the question\n")
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(authenticated(mail), to=[headers["Reply-To"]]) == f"appended to {query.reference}"
    reply = query.messages.get(kind=Message.Kind.REPLY)
    assert reply.author == officer and reply.body == "Here is the template."
    run_queued_tasks()
    assert any("reply" in m["Subject"] for m in inbox.to(query.requester_email))


def test_a_referral_recipient_simply_answers_the_mail(inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    with django_capture_on_commit_callbacks(execute=True):
        referral = actions.refer(actor=officer, query=query, destination="working_group", recipient_name="WG",
                                 recipient_email="wg@alliance.example.org", reason="Standards")
    run_queued_tasks()
    [sent] = inbox.to("wg@alliance.example.org")
    answer = (f"From: Dana <wg@alliance.example.org>\nTo: {sent['Reply-To']}\nIn-Reply-To: {sent['Message-ID']}\n"
              "Subject: Re: referred\n\nUse the CPMS standard 18 guidance.\n")
    assert deliver(answer, to=[sent["Reply-To"]]) == f"appended to {query.reference}"
    referral.refresh_from_db()
    note = query.messages.get(kind=Message.Kind.NOTE)
    assert referral.status == "answered" and note.body == "Use the CPMS standard 18 guidance."
    assert note.author_name == "Dana"


def test_our_own_mail_looping_back_creates_nothing():
    loop = "From: CP Helpdesk <helpdesk+cph-2026-0001-0123456789abcdef@cphelpdesk.localhost>\nSubject: x\n\nloop\n"
    assert deliver(loop) == "auto-reply ignored"
    assert not Query.objects.exists()


def test_files_beyond_the_per_message_limit_are_noted_not_kept(settings, tmp_path):
    from email.message import EmailMessage

    settings.MEDIA_ROOT = tmp_path
    settings.HELPDESK_MAX_ATTACHMENTS = 3
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "someone@example.org", "helpdesk@cphelpdesk.localhost", "Files"
    mail.set_content("Five reports attached.")
    for number in range(5):
        mail.add_attachment(f"report {number}".encode(), maintype="text", subtype="plain", filename=f"r{number}.txt")
    assert deliver(mail.as_bytes()).startswith("created")
    message = Query.objects.get().messages.get()
    assert sorted(a.original_name for a in message.attachments.all()) == ["r0.txt", "r1.txt", "r2.txt"]
    assert "r3.txt was not kept" in message.body and "r4.txt was not kept" in message.body
    assert InboundMessage.objects.get().size > 0  # the raw message, with every file, stays for officers


def test_a_deployment_can_narrow_the_accepted_types(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.HELPDESK_ALLOWED_ATTACHMENT_TYPES = ["docx"]
    deliver(fixture("with-attachments.eml"))
    message = Query.objects.get().messages.get()
    assert not message.attachments.exists()
    assert "Borrador revisión.pdf: this type of file is not accepted. Accepted: .docx." in message.body


def test_an_unknown_sender_is_answered_in_the_language_they_wrote_in(inbox, django_capture_on_commit_callbacks):
    raw = ("From: Coordination Kidal <coordination.kidal@example.org>\r\nTo: helpdesk@cphelpdesk.localhost\r\n"
           "Subject: Termes de reference\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           "Bonjour, nous cherchons un modele de termes de reference pour le groupe de coordination. "
           "Merci pour votre aide.\r\n")
    with django_capture_on_commit_callbacks(execute=True):
        deliver(raw)
    run_queued_tasks()
    query = Query.objects.get()
    assert query.language == "fr" and query.desk.code == "fr"
    [acknowledgement] = inbox.to("coordination.kidal@example.org")
    assert "Merci d'avoir posé votre question" in inbox.body(acknowledgement)


def test_a_batch_of_mail_queues_one_acknowledgement_run(inbox, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from cphelpdesk.mail.inbound_tasks import process_received_mail

    for number in range(5):
        store_inbound(raw=(f"From: person{number}@example.org\r\nTo: helpdesk@cphelpdesk.localhost\r\n"
                           f"Subject: Question {number}\r\n\r\nHello {number}\r\n").encode(),
                      channel=InboundMessage.Channel.PIPE)
    with django_capture_on_commit_callbacks(execute=True):
        assert process_received_mail.call() == 5
    assert DBTaskResult.objects.filter(task_path="cphelpdesk.mail.outbound_tasks.send_outbox").count() == 1
    run_queued_tasks()
    assert len(inbox.messages) == 5 and Query.objects.count() == 5
