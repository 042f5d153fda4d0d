"""The outbox: every outgoing mail recorded first, retried with backoff, failures shown to officers."""

import pytest
from django.utils import timezone

from cphelpdesk.core.notifications import queue_notification
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.mail.sending import BACKOFF
from tests.factories import MemberFactory, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def notify(to="person@example.org"):
    queue_notification(template="directory/email/membership_approved", to=[to], language="fr",
                       context={"full_name": "Awa"})


def test_a_notification_is_recorded_then_sent_with_text_and_html(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify()
    message = OutboundMessage.objects.get()
    assert message.status == "pending" and "Awa" in message.body
    run_queued_tasks()
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at
    [mail] = inbox.to("person@example.org")
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail.get_body(preferencelist=("html",)) is not None


def test_an_unreachable_relay_means_retries_then_a_failure_officers_can_see(
        client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_PORT = 1  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        notify()
    message = OutboundMessage.objects.get()
    from cphelpdesk.mail.sending import send

    for _attempt in range(len(BACKOFF) + 1):
        message.refresh_from_db()
        assert not send(message)
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == len(BACKOFF) + 1 and message.last_error
    officer = staff_with_mfa(Role.OFFICER)
    client.force_login(officer)
    assert message.subject in client.get("/staff/outbox/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/outbox/{message.pk}/retry/")
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 0


def test_a_failed_attempt_schedules_the_next_one():
    from cphelpdesk.mail.sending import send

    message = OutboundMessage.objects.create(template="x", to=["a@example.org"], subject="s", body="b")
    from django.test import override_settings

    with override_settings(EMAIL_PORT=1):
        assert not send(message)
    message.refresh_from_db()
    assert message.status == "pending" and message.next_attempt_at > timezone.now()


@pytest.mark.parametrize("role", [Role.EXPERT, Role.ADMINISTRATOR, Role.MEMBER])
def test_only_officers_see_the_outbox(client, role):
    client.force_login(staff_with_mfa(role) if role != Role.MEMBER else MemberFactory())
    assert client.get("/staff/outbox/").status_code == 403


def test_a_burst_is_sent_by_one_task_over_one_connection(inbox, django_capture_on_commit_callbacks, monkeypatch):
    from django.core.mail.backends.smtp import EmailBackend

    connections, open_connection = [], EmailBackend.open

    def counting_open(backend):
        opened = open_connection(backend)
        if opened:
            connections.append(backend)
        return opened

    monkeypatch.setattr(EmailBackend, "open", counting_open)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            notify(f"person{number}@example.org")
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(status="READY").count() == 1  # one waiting run serves the burst
    run_queued_tasks()
    assert len(inbox.messages) == 5 and len(connections) == 1
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_message_claimed_by_one_worker_is_not_sent_by_another(inbox):
    from cphelpdesk.mail.sending import _claim, send_due

    OutboundMessage.objects.create(template="x", to=["a@example.org"], subject="s", body="b",
                                   next_attempt_at=timezone.now())
    assert len(_claim()) == 1  # a worker took it and is sending
    assert _claim() == [] and send_due() == 0
    assert inbox.messages == []


def test_a_claim_left_by_a_dead_worker_is_sent_later(inbox):
    from datetime import timedelta

    from cphelpdesk.mail.sending import send_due

    OutboundMessage.objects.create(template="x", to=["a@example.org"], subject="s", body="b",
                                   status="sending", next_attempt_at=timezone.now() - timedelta(hours=1))
    assert send_due() == 1 and len(inbox.messages) == 1


def test_outgoing_mail_is_dkim_signed_when_configured(settings, inbox, django_capture_on_commit_callbacks):
    import dkim
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption()).decode()
    settings.HELPDESK_DKIM = {"domain": "cphelpdesk.localhost", "selector": "helpdesk", "private_key": pem}
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    with django_capture_on_commit_callbacks(execute=True):
        notify()
    run_queued_tasks()
    [raw] = inbox.raw
    assert b"DKIM-Signature:" in raw

    import base64

    def dns(name, timeout=5):
        assert name == b"helpdesk._domainkey.cphelpdesk.localhost."
        return b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)

    assert dkim.verify(raw, dnsfunc=dns)
    assert not dkim.verify(raw.replace(b"Awa", b"Eve"), dnsfunc=dns)  # tampering breaks it


def test_a_reply_carries_its_files_to_a_requester_known_only_by_address(
        settings, tmp_path, inbox, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cphelpdesk.queries import actions
    from tests.factories import make_query

    settings.MEDIA_ROOT = tmp_path
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query(requester=None, requester_email="coordinator@example.org", requester_name="Coordinator")
    pdf = SimpleUploadedFile("Guide.pdf", b"%PDF-1.4 guidance", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(actor=officer, query=query, body="Here is the guide.", attachments=[pdf])
    run_queued_tasks()
    mail = inbox.to("coordinator@example.org")[-1]  # after the acknowledgement
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "Guide.pdf" and attached.get_content() == b"%PDF-1.4 guidance"
    assert "Guide.pdf" in inbox.body(mail)


def test_files_too_large_for_mail_are_listed_not_attached(settings, tmp_path, inbox,
                                                          django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cphelpdesk.queries import actions
    from tests.factories import make_query

    settings.MEDIA_ROOT = tmp_path
    settings.HELPDESK_MAX_MAILED_ATTACHMENT_BYTES = 10
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    pdf = SimpleUploadedFile("Guide.pdf", b"%PDF-1.4 guidance", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(actor=officer, query=query, body="Here is the guide.", attachments=[pdf])
    run_queued_tasks()
    mail = inbox.to(query.requester_email)[-1]  # after the acknowledgement
    assert list(mail.iter_attachments()) == []
    assert "download them from the query page" in inbox.body(mail) and "Guide.pdf" in inbox.body(mail)


def test_a_message_the_relay_refuses_mid_batch_is_retried_and_the_others_are_sent_once(inbox):
    from cphelpdesk.mail.sending import send_due

    now = timezone.now()
    for address in ["first@example.org", "broken\nheader@example.org", "third@example.org"]:
        OutboundMessage.objects.create(template="x", to=[address], subject="s", body="b", next_attempt_at=now)
    assert send_due() == 2
    assert sorted(rcpt for _sender, [rcpt] in inbox.envelopes) == ["first@example.org", "third@example.org"]
    refused = OutboundMessage.objects.get(to=["broken\nheader@example.org"])
    assert refused.status == "pending" and refused.attempts == 1 and refused.next_attempt_at > now
    assert list(OutboundMessage.objects.filter(status="sent").values_list("attempts", flat=True)) == [1, 1]
    assert send_due() == 0 and len(inbox.messages) == 2  # nothing sent twice


def test_a_lists_mail_is_plain_text_and_carries_a_digest_of_messages(inbox, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from cphelpdesk.mail.sending import send_due

    settings.MEDIA_ROOT = tmp_path
    post = b"Message-ID: <p1@example.org>\r\nSubject: Hi\r\n\r\nHello\r\n"
    path = default_storage.save("post.eml", ContentFile(post))
    OutboundMessage.objects.create(template="x", to=["reader@example.org"], subject="Digest", body="Topics",
                                   headers={"List-Id": "<forum.example.org>"}, next_attempt_at=timezone.now(),
                                   attachments=[{"name": "p1.eml", "content_type": "message/rfc822", "path": path}])
    assert send_due() == 1
    [mail] = inbox.messages
    assert mail.get_body(preferencelist=("html",)) is None
    [digest] = [part for part in mail.walk() if part.get_content_type() == "multipart/digest"]
    [post] = [part.get_payload()[0] for part in digest.iter_parts()]
    assert post["Message-ID"] == "<p1@example.org>"
