"""A member's rights: the privacy notice accepted once, all their data downloadable, erasure on request."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.privacy.models import DataRequest
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Query
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def test_the_notice_and_terms_are_accepted_once_before_anything_else(client, settings):
    member = MemberFactory(terms_version="")
    client.force_login(member)
    response = client.get("/queries/mine/")
    assert response.status_code == 302 and response["Location"].startswith("/privacy/accept/?next=")
    assert client.get("/privacy/").status_code == 200 and client.get("/terms/").status_code == 200
    refused = client.post("/privacy/accept/", {"next": "/queries/mine/"})
    assert refused.status_code == 200 and "Tick the box" in refused.content.decode()
    accepted = client.post("/privacy/accept/", {"next": "/queries/mine/", "accept": "yes"})
    assert accepted["Location"] == "/queries/mine/"
    assert client.get("/queries/mine/").status_code == 200
    assert AuditEntry.objects.filter(action="member.terms_accepted", actor=member).exists()
    settings.HELPDESK_TERMS_VERSION = "2027-01"  # the texts changed: asked again
    assert client.get("/queries/mine/").status_code == 302


def test_the_accept_page_never_sends_people_elsewhere(client):
    client.force_login(MemberFactory(terms_version=""))
    response = client.post("/privacy/accept/", {"next": "https://evil.example/", "accept": "yes"})
    assert response["Location"] == "/"


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_the_notice_reads_in_each_interface_language(client, language):
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'lang="{language}"' in page and "UNICEF" in page
    assert ('dir="rtl"' in page) == (language == "ar")


def test_a_member_downloads_all_their_data(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = MemberFactory(full_name="Awa Sangaré")
    officer = staff_with_mfa(Role.OFFICER)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    query = make_query(requester=member, attachments=[pdf])
    actions.reply(actor=officer, query=query, body="Internal: check with the desk lead.", internal=True)
    actions.reply(actor=officer, query=query, body="Here is the template.")
    client.force_login(member)
    response = client.post("/profile/my-data/", {"action": "download"})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    profile = json.loads(archive.read("profile.json"))
    assert profile["full_name"] == "Awa Sangaré" and profile["email"] == member.email
    [exported] = json.loads(archive.read("queries.json"))
    texts = [message["text"] for message in exported["messages"]]
    assert exported["reference"] == query.reference and "Here is the template." in texts
    assert not any("Internal" in text for text in texts)  # the helpdesk's notes are not the member's data
    [path] = [name for name in archive.namelist() if name.startswith("files/")]
    assert archive.read(path) == b"%PDF-1.4 plan"
    assert AuditEntry.objects.filter(action="member_data.exported", actor=member).exists()


def metrics():
    """The figures the service reports, computed plainly (DESIGN.md): they must not move on erasure."""
    queries = Query.objects.all()
    return (queries.count(), sorted(queries.values_list("country__iso2", flat=True)),
            sorted(queries.values_list("organisation__type", flat=True)),
            sorted(queries.values_list("status", "outcome")))


def test_erasure_anonymises_the_member_and_keeps_the_statistics(client, inbox, django_capture_on_commit_callbacks):
    member = MemberFactory(full_name="Awa Sangaré", email="awa@ngo.example.org")
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query(requester=member)
    actions.reply(actor=officer, query=query, body="Here is the template.")
    actions.mark_answered(actor=officer, query=query)
    before = metrics()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/profile/my-data/", {"action": "erase", "confirm": "yes", "reason": "Leaving the sector"})
    request = DataRequest.objects.get()
    assert request.status == "pending"
    run_queued_tasks()
    assert inbox.to(officer.email)  # officers are told
    client.force_login(officer)
    assert "Leaving the sector" in client.get("/staff/data-requests/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/data-requests/{request.pk}/decide/", {"decision": "erase"})
    run_queued_tasks()
    member.refresh_from_db()
    query.refresh_from_db()
    assert member.full_name == "Former member" and "awa" not in member.email and not member.is_active
    assert not member.has_usable_password()
    assert query.requester_name == "Former member" and query.requester_email == "" and query.requester == member
    assert not Member.objects.filter(email="awa@ngo.example.org").exists()
    assert metrics() == before
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == officer
    assert AuditEntry.objects.filter(action="erasure.done", actor=officer).exists()
    assert inbox.to("awa@ngo.example.org")  # told at the address they had


def test_a_refusal_needs_a_reason_and_only_officers_decide(client):
    member = MemberFactory()
    from cphelpdesk.privacy import rights

    request = rights.request_erasure(member=member)
    client.force_login(MemberFactory())
    assert client.post(f"/staff/data-requests/{request.pk}/decide/", {"decision": "erase"}).status_code == 403
    client.force_login(staff_with_mfa(Role.EXPERT))
    assert client.get("/staff/data-requests/").status_code == 403
    client.force_login(staff_with_mfa(Role.OFFICER))
    client.post(f"/staff/data-requests/{request.pk}/decide/", {"decision": "refuse"})
    request.refresh_from_db()
    assert request.status == "pending"
    client.post(f"/staff/data-requests/{request.pk}/decide/", {"decision": "refuse", "note": "A legal hold applies."})
    request.refresh_from_db()
    assert request.status == "refused" and request.decision == "A legal hold applies."


def test_a_legal_hold_stops_an_erasure():
    from django.core.exceptions import ValidationError

    from cphelpdesk.privacy import retention, rights

    member, manager = MemberFactory(), staff_with_mfa(Role.MANAGER)
    retention.place_hold(actor=manager, reason="Investigation", member=member)
    request = rights.request_erasure(member=member)
    with pytest.raises(ValidationError, match="legal hold"):
        rights.decide_erasure(actor=manager, data_request=request, erase=True)
    member.refresh_from_db()
    assert member.is_active and member.full_name != "Former member"
