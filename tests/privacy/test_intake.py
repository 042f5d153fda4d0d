"""Personal data caught at intake: scanned in the worker, shown to officers, redacted everywhere."""

import pytest
from django.core.exceptions import PermissionDenied

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.actions import process_safely, store_inbound
from cphelpdesk.mail.models import InboundMessage, OutboundMessage
from cphelpdesk.privacy import intake
from cphelpdesk.privacy.models import Finding
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Query, QueryEvent
from cphelpdesk.search.engine import Scope, search
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import run_queued_tasks
from tests.privacy.test_senders import warning

pytestmark = pytest.mark.django_db
CASE = "Amina, 14 years old, lives in Camp 4, Block C, shelter 12. Her uncle's phone is +243 81 234 5678."
STAFF = [Scope(kind="query", published_only=False)]


def submit(django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        query = make_query(question=CASE, **fields)
    run_queued_tasks()
    query.refresh_from_db()
    return query


def test_a_new_query_is_scanned_marked_and_the_requester_told_kindly(inbox, django_capture_on_commit_callbacks):
    requester = MemberFactory(preferred_language="fr")
    query = submit(django_capture_on_commit_callbacks, requester=requester)
    assert query.personal_data
    kinds = set(query.personal_data_findings.values_list("kind", flat=True))
    assert {"child_name_age", "phone"} <= kinds
    event = query.events.get(kind="personal_data_found")
    assert "Amina" not in str(event.data)  # events record kinds, never the text
    # Told in the acknowledgement, in one sentence: no mail of its own.
    [acknowledgement] = inbox.to(requester.email)
    assert query.reference in acknowledgement["Subject"]
    assert warning("fr") in inbox.body(acknowledgement)  # in the requester's language


def test_the_requester_is_told_once_per_query(inbox, django_capture_on_commit_callbacks):
    query = submit(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.add_information(actor=query.requester, query=query, body="Another number: +243 99 876 5432")
    run_queued_tasks()
    assert query.events.filter(kind="personal_data_notice").count() == 1
    assert len(inbox.to(query.requester_email)) == 1


def test_officers_filter_the_queue_by_findings(client, django_capture_on_commit_callbacks):
    flagged = submit(django_capture_on_commit_callbacks)
    clean = make_query()
    client.force_login(staff_with_mfa(Role.OFFICER))
    page = client.get("/staff/queries/", {"personal_data": "on"}).content.decode()
    assert flagged.reference in page and clean.reference not in page


def test_redaction_removes_the_text_from_every_copy(client, inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    raw = (f"From: coordinator@example.org\r\nTo: helpdesk@cphelpdesk.localhost\r\nSubject: Urgent case\r\n"
           f"Content-Type: text/plain; charset=utf-8\r\n\r\n{CASE}\r\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        process_safely(store_inbound(raw=raw, channel=InboundMessage.Channel.PIPE))
    run_queued_tasks()
    query = Query.objects.get()
    assert search("Amina", scopes=STAFF).total == 1
    client.force_login(officer)
    page = client.get(f"/queries/{query.reference}/").content.decode()
    assert "Possible personal data" in page
    for finding in query.personal_data_findings.filter(state="open"):
        response = client.post(f"/staff/personal-data/{finding.pk}/redact/")
        assert response.status_code == 302
    query.refresh_from_db()
    message = query.messages.get()
    assert "Amina" not in message.body and "234 5678" not in message.body and "removed]" in message.body
    assert not query.personal_data
    assert not Finding.objects.filter(text__icontains="Amina").exists()
    assert not any("Amina" in str(event.data) for event in QueryEvent.objects.all())
    assert not any("Amina" in str(entry.details) for entry in AuditEntry.objects.all())
    assert search("Amina", scopes=STAFF).total == 0
    from cphelpdesk.search.models import SearchTerm

    assert not SearchTerm.objects.filter(term__icontains="amina").exists()
    assert not OutboundMessage.objects.filter(body__icontains="Amina").exists()
    assert not InboundMessage.objects.filter(raw__contains=b"Amina").exists() and \
        InboundMessage.objects.get().raw == b""
    assert QueryEvent.objects.filter(kind="personal_data_redacted", data__kind="phone").exists()


def test_a_dismissed_finding_clears_the_mark(django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    query = submit(django_capture_on_commit_callbacks)
    for finding in query.personal_data_findings.all():
        intake.dismiss(actor=officer, finding=finding)
    query.refresh_from_db()
    assert not query.personal_data and "Amina" in query.messages.get().body


def test_only_officers_working_on_the_query_decide(client, django_capture_on_commit_callbacks):
    query = submit(django_capture_on_commit_callbacks)
    finding = query.personal_data_findings.first()
    with pytest.raises(PermissionDenied):
        intake.redact(actor=staff_with_mfa(Role.EXPERT), finding=finding)
    client.force_login(query.requester)
    assert client.post(f"/staff/personal-data/{finding.pk}/redact/").status_code == 403
    client.force_login(MemberFactory())
    assert client.post(f"/staff/personal-data/{finding.pk}/redact/").status_code == 404


def test_attachments_are_scanned_once_their_text_is_extracted(settings, tmp_path, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("list.txt", b"Registered: case no. 4521, Fatima (9 ans)", content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        query = make_query(attachments=[upload])
    run_queued_tasks()
    finding = query.personal_data_findings.filter(attachment__isnull=False).first()
    assert finding is not None and finding.attachment.original_name == "list.txt"
    intake.redact(actor=staff_with_mfa(Role.OFFICER), finding=finding)
    assert not query.messages.get().attachments.exists()


def test_a_burst_is_scanned_together_and_only_messages_with_personal_data_get_findings(
        django_capture_on_commit_callbacks):
    from cphelpdesk.privacy.tasks import scan_new_messages
    from cphelpdesk.queries.models import Message

    clean = [make_query(question=f"Do you have terms of reference for a coordination group? ({number})")
             for number in range(3)]
    flagged = make_query(question=CASE)
    named_in_subject = make_query(subject="About Amina, 14 years old", question="Can you advise us?")
    assert scan_new_messages.call() >= 5
    assert not Message.objects.filter(scanned_at__isnull=True).exists()
    for query in clean:
        query.refresh_from_db()
        assert not query.personal_data and not query.personal_data_findings.exists()
    for query in (flagged, named_in_subject):
        query.refresh_from_db()
        assert query.personal_data and query.personal_data_findings.exists()
    # Scanned once: the next run has nothing to do and records nothing twice.
    findings = Finding.objects.count()
    assert scan_new_messages.call() == 0 and Finding.objects.count() == findings


def test_a_scan_finding_another_at_work_leaves_the_burst_to_it():
    from django.core.cache import cache

    from cphelpdesk.privacy.tasks import SCAN_LOCK, scan_new_messages
    from cphelpdesk.queries.models import Message

    make_query(question=CASE)
    assert cache.add(SCAN_LOCK, True, 60)  # another worker's run is scanning
    assert scan_new_messages.call() == 0
    assert Message.objects.filter(scanned_at__isnull=True).exists()
    cache.delete(SCAN_LOCK)  # it finished (or its lock lapsed): the next run scans what is left
    assert scan_new_messages.call() == 1
    assert not Message.objects.filter(scanned_at__isnull=True).exists()


def test_the_worker_reads_each_new_question_once_for_its_acknowledgement_and_its_scan(
        monkeypatch, inbox, django_capture_on_commit_callbacks):
    """A mail's question is read for the acknowledgement's warning and again by the intake scan (and a third time
    to record what it found): the detector does the reading once, the others reuse it (issue #17's throughput)."""
    import uuid

    from cphelpdesk.detection import people
    from cphelpdesk.mail.inbound_tasks import accept_stored_many
    from cphelpdesk.queries.models import Message
    from tests.helpers import authenticated

    readings = []
    read = people.find_people
    monkeypatch.setattr(people, "find_people", lambda text, *args: readings.append(text) or read(text, *args))
    member = MemberFactory()
    # A tag of this test's own in each subject: no earlier reading in this process may stand in for these.
    tag = uuid.uuid4().hex[:8]
    mails = [(member.email, f"Question {tag} 1", "Could you share terms of reference for a coordination group?"),
             ("stranger@example.org", f"Question {tag} 2", "Avez-vous un modèle de plan de travail ?"),
             ("caseworker@example.org", f"Urgent case {tag}", CASE)]
    with django_capture_on_commit_callbacks(execute=True):
        accept_stored_many([{"raw": authenticated(f"From: {sender}\r\nTo: helpdesk@cphelpdesk.localhost\r\n"
                                                  f"Subject: {subject}\r\nMessage-ID: <{tag}-{number}@example.org>"
                                                  f"\r\n\r\n{body}\r\n").encode(),
                             "envelope_from": sender, "envelope_to": ["helpdesk@cphelpdesk.localhost"]}
                            for number, (sender, subject, body) in enumerate(mails)],
                           channel=InboundMessage.Channel.SMTP)
    with django_capture_on_commit_callbacks(execute=True):
        run_queued_tasks()  # the mail's processing, as the worker runs it
    assert not Message.objects.filter(scanned_at__isnull=False, query__subject__contains=tag).exists()
    run_queued_tasks()  # what it queued: the intake scan and the acknowledgements' sending
    assert not Message.objects.filter(scanned_at__isnull=True, query__subject__contains=tag).exists()
    assert len(readings) == len(mails)
    flagged = Query.objects.get(subject=f"Urgent case {tag}")
    assert flagged.personal_data and flagged.personal_data_findings.filter(kind="phone").exists()
    assert not Query.objects.filter(subject__startswith=f"Question {tag}", personal_data=True).exists()
    [acknowledgement] = inbox.to("caseworker@example.org")
    assert warning() in inbox.body(acknowledgement)
