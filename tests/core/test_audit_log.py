"""Every look at confidential data is recorded; managers search and export the append-only log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cphelpdesk.core.exports import safe_cell
from cphelpdesk.core.models import AuditEntry
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.models import Query
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db


def confidential_query(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    query = make_query(attachments=[pdf])
    Query.objects.filter(pk=query.pk).update(sensitivity=Sensitivity.CONFIDENTIAL)
    query.refresh_from_db()
    return query


def test_looking_at_a_confidential_query_or_file_is_recorded(client, settings, tmp_path):
    query = confidential_query(settings, tmp_path)
    ordinary = make_query()
    officer = staff_with_mfa(Role.OFFICER)
    client.force_login(officer)
    client.get(f"/queries/{query.reference}/")
    client.get(f"/queries/{ordinary.reference}/")
    attachment = query.messages.get().attachments.get()
    assert client.get(f"/queries/{query.reference}/files/{attachment.pk}/").status_code == 200
    viewed = AuditEntry.objects.filter(action="query.viewed")
    assert [(entry.actor, entry.target_id) for entry in viewed] == [(officer, str(query.pk))]
    assert AuditEntry.objects.filter(action="attachment.downloaded", actor=officer,
                                     details__query=query.reference).exists()


def test_the_api_records_the_same_looks(client, settings, tmp_path):
    from cphelpdesk.api.actions import create_token

    query = confidential_query(settings, tmp_path)
    manager = staff_with_mfa(Role.MANAGER)
    token = create_token(actor=manager, name="test")[1]
    response = client.get(f"/api/queries/{query.reference}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["privacy_flags"] == []
    assert AuditEntry.objects.filter(action="query.viewed", actor=manager).exists()


def test_the_log_is_append_only():
    entry = AuditEntry.objects.create(action="test.done")
    entry.action = "test.changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_managers_search_and_export_the_log_and_the_export_is_recorded(client, settings, tmp_path):
    query = confidential_query(settings, tmp_path)
    officer, manager = staff_with_mfa(Role.OFFICER), staff_with_mfa(Role.MANAGER)
    client.force_login(officer)
    client.get(f"/queries/{query.reference}/")
    AuditEntry.objects.create(action="=HYPERLINK(\"http://evil\")")
    client.force_login(manager)
    page = client.get("/staff/audit/", {"who": officer.email, "action": "query."}).content.decode()
    assert "query.viewed" in page and f"queries.query:{query.pk}" in page
    export = client.get("/staff/audit/", {"format": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    body = export.content.decode("utf-8-sig")
    assert "query.viewed" in body and "'=HYPERLINK" in body  # formulas are neutralised
    assert AuditEntry.objects.filter(action="audit.exported", actor=manager).exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.EXPERT, Role.ADMINISTRATOR, "member"])
def test_only_managers_read_the_log(client, role):
    client.force_login(MemberFactory() if role == "member" else staff_with_mfa(role))
    assert client.get("/staff/audit/").status_code == 403


def test_spreadsheet_formulas_are_neutralised():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("+33 1 23") == "'+33 1 23" and safe_cell("plain") == "plain"
    # A number is no formula (and stays a number in XLSX); the same characters as text are neutralised.
    assert safe_cell(None) == "" and safe_cell(-3) == "-3" and safe_cell("-3") == "'-3"
