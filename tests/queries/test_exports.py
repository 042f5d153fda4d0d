"""Exports of the staff queue: who may export, what each export holds (never content or requesters' names in
metadata), which queries (the filters, and only those the person may see), the audit trail, bad input."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, Organisation
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions, exports
from cphelpdesk.queries.models import Gap, Query, Referral
from cphelpdesk.surveys.models import Rating
from cphelpdesk.taxonomy.models import Topic
from tests.factories import MemberFactory, OrganisationFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db
EXPORT = reverse("queries:export")
SECRET_SUBJECT = "Case of Amina in shelter 12"
SECRET_QUESTION = "Amina, 14 years old, was seen near the market."


@pytest.fixture
def cast():
    return {"officer": staff_with_mfa(Role.OFFICER), "manager": staff_with_mfa(Role.MANAGER),
            "expert": staff_with_mfa(Role.EXPERT), "focal_point": staff_with_mfa(Role.FOCAL_POINT),
            "administrator": staff_with_mfa(Role.ADMINISTRATOR), "member": MemberFactory()}


@pytest.fixture
def queries(cast):
    """An open restricted query with an attacker's organisation name, a closed answered one with a rating,
    a referral and a gap, and a strictly confidential one on no desk of the officer's."""
    requester = MemberFactory(full_name="Fatou Diallo", email="fatou.diallo@example.org",
                              organisation=OrganisationFactory(name='=HYPERLINK("https://evil.example","x")'))
    open_query = make_query(requester=requester, subject=SECRET_SUBJECT, question=SECRET_QUESTION,
                            country=Country.objects.get(iso2="ML"), language="fr",
                            topics=[Topic.objects.get(code="IM.4W")], organisation=requester.organisation)
    actions.reply(actor=cast["manager"], query=open_query, body="Internal: ask the WG", internal=True)
    closed = make_query(subject="Closed subject", question="Closed question", country=Country.objects.get(iso2="CD"))
    received = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    Query.objects.filter(pk=closed.pk).update(
        status="closed", outcome="full", received_at=received, first_response_at=received + timedelta(hours=5),
        closed_at=received + timedelta(days=3))
    Rating.objects.create(query=closed, appropriateness=9, timeliness=8, quality=10)
    Referral.objects.create(query=closed, destination="working_group", recipient_name="WG",
                            recipient_email="wg@example.org", reason="Ask")
    Gap.objects.create(title="No guidance").queries.add(closed)
    strict = make_query(subject="Strict subject", question="Strict question", country=Country.objects.get(iso2="SO"))
    Query.objects.filter(pk=strict.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL, desk=None)
    return {"open": open_query, "closed": closed, "strict": strict}


ALL_STATUSES = "?" + "&".join(f"status={status}" for status in ("new", "triaged", "closed"))


def export(client, data=None, query_string=ALL_STATUSES):
    return client.post(EXPORT + query_string, data or {"format": "csv"})


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:500]
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def by_reference(rows):
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


@pytest.mark.parametrize("role", ["member", "expert", "focal_point", "administrator"])
def test_members_experts_focal_points_and_administrators_may_not_export(client, cast, queries, role):
    client.force_login(cast[role])
    assert export(client).status_code == 403
    assert export(client, {"format": "csv", "include_content": "on", "reason": "x"}).status_code == 403
    assert not AuditEntry.objects.filter(action="query_list.exported").exists()


def test_visitors_are_sent_to_log_in_and_get_is_not_allowed(client, cast):
    assert client.post(EXPORT, {"format": "csv"})["Location"].startswith(reverse("account_login"))
    client.force_login(cast["officer"])
    assert client.get(EXPORT).status_code == 405


def test_the_queue_offers_the_export_content_only_to_managers(client, cast):
    client.force_login(cast["officer"])
    page = client.get(reverse("queries:queue")).content.decode()
    assert EXPORT in page and 'name="include_content"' not in page
    client.force_login(cast["manager"])
    page = client.get(reverse("queries:queue"), {"country": "1"}).content.decode()
    assert 'name="include_content"' in page and 'name="reason"' in page
    assert f'action="{EXPORT}?country=1"' in page
    client.force_login(cast["expert"])
    assert EXPORT not in client.get(reverse("queries:queue")).content.decode()


def test_officer_exports_metadata_of_what_they_may_see_and_nothing_personal(client, cast, queries):
    client.force_login(cast["officer"])
    response = export(client)
    assert response["Content-Disposition"].startswith('attachment; filename="queries-')
    rows = csv_rows(response)
    assert rows[0] == exports.header(with_content=False)
    found = by_reference(rows)
    assert set(found) == {queries["open"].reference, queries["closed"].reference}  # not the strict one
    text = "\n".join(",".join(row) for row in rows)
    for secret in (SECRET_SUBJECT, "Amina", "Closed subject", "Closed question", "Internal: ask",
                   "Fatou", "Diallo", "fatou.diallo@example.org", queries["closed"].requester.email):
        assert secret not in text
    closed = found[queries["closed"].reference]
    assert closed["Received (UTC)"] == "2026-03-02 09:30:00"
    assert closed["First response (UTC)"] == "2026-03-02 14:30:00"
    assert closed["Closed (UTC)"] == "2026-03-05 09:30:00"
    assert (closed["Status"], closed["Outcome"], closed["Country"]) == (
        "Closed", "Full response", "Democratic Republic of the Congo")
    assert (closed["Referrals"], closed["Gap in guidance linked"]) == ("1", "TRUE")
    assert (closed["Rating: appropriateness"], closed["Rating: overall"]) == ("9", "9.0")
    open_row = found[queries["open"].reference]
    assert open_row["Organisation"] == "'" + queries["open"].organisation.name  # formula made inert
    assert open_row["Organisation type"] == "National NGO" and open_row["Region"] == "West and Central Africa"
    assert open_row["Topics"] and open_row["Language"] == "fr" and open_row["Rating: overall"] == ""
    assert (open_row["Referrals"], open_row["Gap in guidance linked"]) == ("0", "FALSE")
    entry = AuditEntry.objects.get(action="query_list.exported")
    assert entry.actor == cast["officer"]
    assert entry.details == {"format": "csv", "count": 2, "with_content": False,
                             "filters": {"status": ["new", "triaged", "closed"]}}


def test_an_officer_cannot_ask_for_content(client, cast, queries):
    client.force_login(cast["officer"])
    assert export(client, {"format": "csv", "include_content": "on", "reason": "Research"}).status_code == 403
    assert not AuditEntry.objects.filter(action="query_list.exported").exists()


def test_an_officer_on_the_desk_exports_the_strict_query_of_their_desk(client, cast, queries):
    desk = queries["open"].desk
    Query.objects.filter(pk=queries["strict"].pk).update(desk=desk)
    desk.officers.add(cast["officer"])
    client.force_login(cast["officer"])
    assert queries["strict"].reference in by_reference(csv_rows(export(client)))


def test_content_needs_a_reason(client, cast, queries):
    client.force_login(cast["manager"])
    response = export(client, {"format": "csv", "include_content": "on", "reason": "   "})
    assert response.status_code == 400
    assert "Say why you need the message content." in response.content.decode()
    assert not AuditEntry.objects.filter(action="query_list.exported").exists()


def test_a_manager_without_the_box_ticked_gets_metadata(client, cast, queries):
    client.force_login(cast["manager"])
    rows = csv_rows(export(client, {"format": "csv", "reason": "ignored without the box"}))
    assert rows[0] == exports.header(with_content=False)
    assert queries["strict"].reference in by_reference(rows)
    assert SECRET_SUBJECT not in str(rows)
    assert "reason" not in AuditEntry.objects.get(action="query_list.exported").details


def test_manager_exports_content_with_a_reason_and_it_is_audited(client, cast, queries):
    client.force_login(cast["manager"])
    response = export(client, {"format": "csv", "include_content": "on", "reason": "Annual review of CAAFAG"})
    assert "with-content" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == exports.header(with_content=True)
    found = by_reference(rows)
    assert set(found) == {query.reference for query in queries.values()}
    open_row = found[queries["open"].reference]
    assert open_row["Subject"] == SECRET_SUBJECT and open_row["Question"] == SECRET_QUESTION
    assert "Internal note]\nInternal: ask the WG" in open_row["Other messages"]
    assert "fatou.diallo@example.org" not in str(rows)  # content, not the requester's address
    entry = AuditEntry.objects.get(action="query_list.exported")
    assert entry.details["with_content"] is True and entry.details["reason"] == "Annual review of CAAFAG"
    assert entry.details["count"] == 3 and entry.actor == cast["manager"]
    # A bulk copy of confidential content names each confidential query, as a look at one does.
    assert entry.details["confidential"] == [queries["strict"].reference]


def test_xlsx_holds_the_same_rows_with_real_types(client, cast, queries):
    client.force_login(cast["manager"])
    response = export(client, {"format": "xlsx", "include_content": "on", "reason": "Review"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content))["Queries"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header == exports.header(with_content=True) and sheet.freeze_panes == "A2"
    found = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    closed = found[queries["closed"].reference]
    assert closed["Received (UTC)"] == datetime(2026, 3, 2, 9, 30)
    assert closed["Referrals"] == 1 and closed["Gap in guidance linked"] is True
    assert (closed["Rating: timeliness"], closed["Rating: overall"]) == (8, 9.0)
    assert found[queries["open"].reference]["Organisation"].startswith("'=HYPERLINK")
    assert AuditEntry.objects.get(action="query_list.exported").details["format"] == "xlsx"


def test_the_queue_filters_choose_the_rows(client, cast, queries):
    client.force_login(cast["manager"])
    # No status chosen: the queue's default, open queries.
    assert set(by_reference(csv_rows(export(client, query_string="")))) == {
        queries["open"].reference, queries["strict"].reference}
    mali = Country.objects.get(iso2="ML")
    assert set(by_reference(csv_rows(export(client, query_string=ALL_STATUSES + f"&country={mali.pk}")))) == {
        queries["open"].reference}
    assert set(by_reference(csv_rows(export(client, query_string="?status=closed")))) == {
        queries["closed"].reference}
    rows = csv_rows(export(client, query_string=f"?q={queries['closed'].reference}&status=closed"))
    assert len(rows) == 2
    entry = AuditEntry.objects.filter(action="query_list.exported").latest("at")
    # The search words stay out of the append-only log (they may be a name).
    assert entry.details["filters"] == {"status": "closed"}


@pytest.mark.parametrize(("query_string", "data"), [
    ("", {"format": "pdf"}),
    ("", {}),
    ("?country=garbage", {"format": "csv"}),
    ("?status=nonsense", {"format": "xlsx"}),
    ("", {"format": "csv", "include_content": "on", "reason": "x" * 1001}),
])
def test_bad_parameters_are_400_with_the_queue_and_its_errors(client, cast, queries, query_string, data):
    client.force_login(cast["manager"])
    response = client.post(EXPORT + query_string, data)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not AuditEntry.objects.filter(action="query_list.exported").exists()


def test_xlsx_refuses_more_rows_than_it_holds_and_points_to_csv(client, cast, queries, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_ROW_LIMIT", 1)
    client.force_login(cast["manager"])
    response = export(client, {"format": "xlsx"})
    assert response.status_code == 400 and "choose CSV" in response.content.decode()
    assert csv_rows(export(client, {"format": "csv"}))
    # With message content a workbook holds fewer rows (it is built whole, and messages are long).
    monkeypatch.setattr(exports, "XLSX_ROW_LIMIT", 1000)
    monkeypatch.setattr(exports, "XLSX_CONTENT_ROW_LIMIT", 1)
    assert export(client, {"format": "xlsx"}).status_code == 200
    response = export(client, {"format": "xlsx", "include_content": "on", "reason": "Review"})
    assert response.status_code == 400 and "choose CSV" in response.content.decode()


def test_hundreds_of_rows_stream_in_a_few_database_queries(client, cast, django_assert_max_num_queries):
    mali, topic = Country.objects.get(iso2="ML"), Topic.objects.get(code="IM.4W")
    organisation = Organisation.objects.create(name="Local group", type=Organisation.Type.NATIONAL_NGO)
    now = timezone.now()
    created = Query.objects.bulk_create(
        Query(reference=f"CPH-2026-{n:05d}", subject=f"Subject {n}", country=mali, organisation=organisation,
              received_at=now - timedelta(minutes=n)) for n in range(1200))
    Query.topics.through.objects.bulk_create(
        Query.topics.through(query_id=query.pk, topic_id=topic.pk) for query in created)
    client.force_login(cast["officer"])
    response = export(client)
    with django_assert_max_num_queries(10):  # chunks of 500: a read and a topics read per chunk
        rows = csv_rows(response)
    assert len(rows) == 1201
    assert rows[1][0] == "CPH-2026-00000" and rows[-1][0] == "CPH-2026-01199"  # the queue's order, newest first
    assert AuditEntry.objects.get(action="query_list.exported").details["count"] == 1200


def test_record_export_checks_the_actor_itself(cast):
    from django.core.exceptions import PermissionDenied, ValidationError

    none = Query.objects.none()
    with pytest.raises(PermissionDenied):
        actions.record_export(actor=cast["expert"], file_format="csv", filters={}, queries=none, with_content=False)
    with pytest.raises(PermissionDenied):
        actions.record_export(actor=cast["officer"], file_format="csv", filters={}, queries=none, with_content=True,
                              reason="x")
    with pytest.raises(ValidationError):
        actions.record_export(actor=cast["manager"], file_format="csv", filters={}, queries=none, with_content=True)


def test_export_queries_command_writes_a_period_with_the_same_scopes_and_audit(cast, queries, tmp_path):
    from django.core.management import CommandError, call_command

    output = tmp_path / "march.csv"
    call_command("export_queries", "--from", "2026-03-01", "--to", "2026-03-31", "--user", cast["officer"].email,
                 "--output", str(output), stdout=io.StringIO())
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == [queries["closed"].reference]  # the only one received in March
    entry = AuditEntry.objects.get(action="query_list.exported")
    assert entry.actor == cast["officer"] and entry.details["filters"]["via"] == "export_queries"

    today = timezone.now().date().isoformat()
    book = tmp_path / "today.xlsx"
    call_command("export_queries", "--from", today, "--to", today, "--user", cast["manager"].email, "--format",
                 "xlsx", "--with-content", "--reason", "Review", "--output", str(book), stdout=io.StringIO())
    assert oct(book.stat().st_mode & 0o777) == "0o600"  # content: readable by the exporting account only
    sheet = load_workbook(book)["Queries"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        queries["open"].reference, queries["strict"].reference}
    assert sheet.max_column == len(exports.header(with_content=True))

    for arguments in (["--user", cast["officer"].email, "--with-content", "--reason", "x"],
                      ["--user", cast["manager"].email, "--with-content"],
                      ["--user", cast["expert"].email], ["--user", "nobody@example.org"]):
        with pytest.raises(CommandError):
            call_command("export_queries", "--from", today, "--to", today, "--output", str(tmp_path / "x.csv"),
                         *arguments)
    with pytest.raises(CommandError):
        call_command("export_queries", "--from", "March", "--to", today, "--user", cast["manager"].email,
                     "--output", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError):  # never over an existing file
        call_command("export_queries", "--from", today, "--to", today, "--user", cast["manager"].email,
                     "--output", str(book))
    assert AuditEntry.objects.filter(action="query_list.exported").count() == 2
