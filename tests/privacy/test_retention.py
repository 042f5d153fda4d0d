"""Retention (issue #7 item 3): what each step purges or anonymises at its limit, legal holds, dry runs, the
statistics that must survive, the managers' page and the command."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.models import Country, Member
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.privacy.models import LegalHold, RetentionRun
from cphelpdesk.privacy.retention import FORMER_MEMBER, anonymised_email, lift_hold, place_hold, run_retention
from cphelpdesk.queries import actions
from cphelpdesk.queries.models import Attachment, Message, Query, QueryEvent
from cphelpdesk.queries.models.query import Outcome, Status
from cphelpdesk.taxonomy.models import Topic
from tests.factories import MemberFactory, OrganisationFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)
JUST = timedelta(minutes=5)


@pytest.fixture(autouse=True)
def limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.HELPDESK_RETENTION_RAW_MAIL_DAYS = 730
    settings.HELPDESK_RETENTION_ATTACHMENT_DAYS = 730
    settings.HELPDESK_RETENTION_CONTACT_DAYS = 365
    settings.HELPDESK_RETENTION_MEMBER_DAYS = 365


def mailed_query(name="Awa Diallo", email="awa@example.org", **fields) -> Query:
    """A query from someone without an account, as the mail gateway records it."""
    return actions.submit_query(subject="Case management guidance", question="Which forms do you use?",
                                requester_name=name, requester_email=email, channel="email",
                                no_child_details_confirmed=True, **fields)


def close(query: Query, at, *, outcome=Outcome.FULL) -> Query:
    Query.objects.filter(pk=query.pk).update(status=Status.CLOSED, outcome=outcome, answered_at=at, closed_at=at)
    QueryEvent.objects.filter(query=query).update(at=at)
    query.refresh_from_db()
    return query


def inbound(query=None, *, age, status=InboundMessage.Status.PROCESSED) -> InboundMessage:
    item = InboundMessage.objects.create(channel="smtp", raw=b"From: awa@example.org\r\n\r\nHello", size=33,
                                         sha256="0" * 64, sender="Awa <awa@example.org>",
                                         envelope_from="awa@example.org", status=status, query=query)
    InboundMessage.objects.filter(pk=item.pk).update(received_at=NOW - age)
    return item


def with_file(**fields) -> Query:
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    return make_query(attachments=[pdf], **fields)


# --- raw mail ------------------------------------------------------------------------------------

def test_raw_mail_older_than_the_limit_loses_its_raw_copy_and_keeps_its_summary(client):
    old = inbound(age=730 * DAY + JUST)
    recent = inbound(age=730 * DAY - JUST)
    quarantined = inbound(age=800 * DAY, status=InboundMessage.Status.QUARANTINED)
    waiting = inbound(age=800 * DAY, status=InboundMessage.Status.RECEIVED)

    run = run_retention(now=NOW)

    assert run.counts["raw_mail"] == {"done": 1, "held": 0}
    old.refresh_from_db()
    assert bytes(old.raw) == b"" and old.raw_purged_at is not None
    assert old.size == 33 and old.sender == "Awa <awa@example.org>" and old.status == "processed"
    for kept in (recent, quarantined, waiting):
        kept.refresh_from_db()
        assert bytes(kept.raw).startswith(b"From:") and kept.raw_purged_at is None
    # The officers' list says so instead of offering a download, and the download is gone (a manager
    # looks: this mail belongs to no query and was addressed to no desk).
    client.force_login(staff_with_mfa(Role.MANAGER))
    page = client.get("/staff/mail/?status=processed").content.decode()
    assert "Raw copy purged on" in page
    assert client.get(f"/staff/mail/{old.pk}/raw/").status_code == 404
    assert client.get(f"/staff/mail/{recent.pk}/raw/").status_code == 200


# --- attachments ---------------------------------------------------------------------------------

def test_files_of_queries_closed_past_the_limit_are_deleted_and_the_timeline_says_how_many(
        tmp_path, django_capture_on_commit_callbacks):
    due = close(with_file(), NOW - 730 * DAY - JUST)
    kept = close(with_file(), NOW - 730 * DAY + JUST)
    idle = with_file()  # never closed: counted from its last activity
    QueryEvent.objects.filter(query=idle).update(at=NOW - 731 * DAY)
    active = with_file()
    paths = {query.pk: Attachment.objects.get(message__query=query).file.path for query in (due, kept, idle, active)}

    # The files go after the commit (a rolled-back batch keeps them).
    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(now=NOW)

    assert run.counts["attachments"] == {"done": 2, "held": 0}
    for query in (due, idle):
        assert not Attachment.objects.filter(message__query=query).exists()
        assert not (tmp_path / paths[query.pk]).exists()
        assert query.events.get(kind="retention_files_removed").data == {"count": 1}
        assert query.messages.get().body == "Could you share a template of terms of reference?"
    for query in (kept, active):
        assert Attachment.objects.filter(message__query=query).exists()
        assert (tmp_path / paths[query.pk]).exists()


# --- contacts ------------------------------------------------------------------------------------

def test_requesters_without_an_account_are_anonymised_a_year_after_closure():
    due = close(mailed_query(), NOW - 365 * DAY - JUST)
    inbound(due, age=400 * DAY)
    recent = close(mailed_query(name="Recent", email="recent@example.org"), NOW - 365 * DAY + JUST)
    still_open = mailed_query(name="Open", email="open@example.org", received_at=NOW - 900 * DAY)
    member = MemberFactory(full_name="Marie Member")
    members_query = close(make_query(requester=member), NOW - 900 * DAY)

    run = run_retention(now=NOW)

    assert run.counts["contacts"] == {"done": 1, "held": 0}
    due.refresh_from_db()
    assert (due.requester_name, due.requester_email) == ("", "")
    assert list(due.messages.values_list("author_name", flat=True)) == [""]
    assert not due.events.exclude(actor_label="").exists()
    assert InboundMessage.objects.get(query=due).sender == ""
    assert (due.subject, due.status, due.outcome) == ("Case management guidance", Status.CLOSED, Outcome.FULL)
    for query, name in ((recent, "Recent"), (still_open, "Open"), (members_query, "Marie Member")):
        query.refresh_from_db()
        assert query.requester_name == name


# --- members -------------------------------------------------------------------------------------

def test_closing_an_account_dates_it_and_reopening_clears_the_date():
    member = MemberFactory()
    assert member.closed_at is None
    member.is_active = False
    member.save(update_fields=["is_active"])
    member.refresh_from_db()
    assert member.closed_at is not None
    member.is_active = True
    member.save()
    member.refresh_from_db()
    assert member.closed_at is None


def closed_member(closed_ago, **fields) -> Member:
    member = MemberFactory(position="Coordinator", **fields)
    Member.objects.filter(pk=member.pk).update(is_active=False, closed_at=NOW - closed_ago)
    return member


def test_closed_accounts_past_the_limit_are_anonymised_and_their_queries_keep_their_facts():
    due = closed_member(365 * DAY + JUST, full_name="Fatou Sow")
    query = make_query(requester=due, topics=[Topic.objects.first()])
    close(query, NOW - 400 * DAY)
    recent = closed_member(365 * DAY - JUST, full_name="Recent Closer")
    active = MemberFactory(full_name="Still Here")

    run = run_retention(now=NOW)

    assert run.counts["members"] == {"done": 1, "held": 0}
    due.refresh_from_db()
    assert due.full_name == FORMER_MEMBER and due.email == anonymised_email(due.pk)
    assert due.position == "" and not due.has_usable_password()
    assert due.organisation_id and due.country_id
    assert not due.emailaddress_set.exists()
    query.refresh_from_db()
    assert (query.requester_id, query.requester_name, query.requester_email) == (due.pk, FORMER_MEMBER, "")
    assert query.organisation_id == due.organisation_id and query.country_id and query.topics.count() == 1
    assert not Message.objects.filter(query=query).exclude(author_name="").exists()
    for member, name in ((recent, "Recent Closer"), (active, "Still Here")):
        member.refresh_from_db()
        assert member.full_name == name
    # Anonymised once: the next run finds nothing to do.
    assert run_retention(now=NOW).counts["members"] == {"done": 0, "held": 0}


# --- legal holds ---------------------------------------------------------------------------------

def test_a_legal_hold_suspends_every_step_until_it_is_lifted(manager, tmp_path):
    query = close(mailed_query(), NOW - 800 * DAY)
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    actions.add_mail_follow_up(query=query, sender_name="Awa Diallo", body="The report.", attachments=[pdf])
    close(query, NOW - 800 * DAY)
    mail = inbound(query, age=800 * DAY)
    member = closed_member(800 * DAY)
    query_hold = place_hold(actor=manager, query=query, reason="Inquiry by the ombudsperson")
    member_hold = place_hold(actor=manager, member=member, reason="Court order")

    held = run_retention(now=NOW)

    assert held.counts == {"raw_mail": {"done": 0, "held": 1}, "attachments": {"done": 0, "held": 1},
                           "contacts": {"done": 0, "held": 1}, "members": {"done": 0, "held": 1},
                           "survey_invitations": {"done": 0, "held": 0},
                           "subscription_requests": {"done": 0, "held": 0},
                           "suspended_subscriptions": {"done": 0, "held": 0}}
    query.refresh_from_db()
    mail.refresh_from_db()
    member.refresh_from_db()
    assert query.requester_email == "awa@example.org" and bytes(mail.raw) and member.full_name != FORMER_MEMBER
    assert Attachment.objects.filter(message__query=query).exists()

    lift_hold(actor=manager, hold=query_hold)
    lift_hold(actor=manager, hold=member_hold)
    purged = run_retention(now=NOW)

    assert purged.counts == {"raw_mail": {"done": 1, "held": 0}, "attachments": {"done": 1, "held": 0},
                             "contacts": {"done": 1, "held": 0}, "members": {"done": 1, "held": 0},
                             "survey_invitations": {"done": 0, "held": 0},
                           "subscription_requests": {"done": 0, "held": 0},
                           "suspended_subscriptions": {"done": 0, "held": 0}}
    query.refresh_from_db()
    member.refresh_from_db()
    assert query.requester_email == "" and member.full_name == FORMER_MEMBER
    assert [entry.action for entry in AuditEntry.objects.filter(action__startswith="legal_hold.").order_by("pk")] == [
        "legal_hold.placed", "legal_hold.placed", "legal_hold.lifted", "legal_hold.lifted"]


def test_a_hold_on_a_member_keeps_the_queries_they_asked(manager):
    member = closed_member(800 * DAY)
    query = close(with_file(requester=member), NOW - 800 * DAY)
    place_hold(actor=manager, member=member, reason="Court order")

    run = run_retention(now=NOW)

    assert run.counts["attachments"] == {"done": 0, "held": 1}
    assert Attachment.objects.filter(message__query=query).exists()


def test_only_managers_place_holds():
    officer = staff_with_mfa(Role.OFFICER)
    with pytest.raises(PermissionDenied):
        place_hold(actor=officer, query=make_query(), reason="Because")
    assert not LegalHold.objects.exists()


# --- dry run -------------------------------------------------------------------------------------

def test_a_dry_run_counts_and_changes_nothing(tmp_path):
    query = close(mailed_query(), NOW - 800 * DAY)
    inbound(query, age=800 * DAY)
    filed = close(with_file(), NOW - 800 * DAY)
    member = closed_member(800 * DAY)
    before = (list(Query.objects.values()), list(InboundMessage.objects.values()),
              list(Member.objects.values()), Attachment.objects.count(), QueryEvent.objects.count())

    run = run_retention(now=NOW, dry_run=True)

    assert run.dry_run and run.counts == {"raw_mail": {"done": 1, "held": 0}, "attachments": {"done": 1, "held": 0},
                                          "contacts": {"done": 1, "held": 0}, "members": {"done": 1, "held": 0},
                                          "survey_invitations": {"done": 0, "held": 0},
                           "subscription_requests": {"done": 0, "held": 0},
                           "suspended_subscriptions": {"done": 0, "held": 0}}
    after = (list(Query.objects.values()), list(InboundMessage.objects.values()),
             list(Member.objects.values()), Attachment.objects.count(), QueryEvent.objects.count())
    assert before == after
    assert (tmp_path / Attachment.objects.get(message__query=filed).file.name).exists()
    assert member.pk
    entry = AuditEntry.objects.get(action="retention.run")
    assert entry.details == {"dry_run": True, "counts": run.counts}


# --- statistics ----------------------------------------------------------------------------------

def tally(rows) -> list:
    """Rows in a stable order (keys may be None: a query without country, topic or organisation)."""
    return sorted(rows, key=repr)


def statistics() -> dict:
    """The DESIGN.md metrics that read queries, computed straight from the tables."""
    counted = Query.objects.counted()
    closed = Query.objects.filter(closed_at__isnull=False)
    return {
        "per_country": tally(counted.values_list("country__iso2").annotate(n=Count("pk"))),
        "countries": counted.values("country").distinct().count(),
        "per_topic": tally(counted.values_list("topics__code").annotate(n=Count("pk"))),
        "per_organisation_type": tally(counted.values_list("organisation__type").annotate(n=Count("pk"))),
        "reach": counted.filter(organisation__type__in=["national_ngo", "local_ngo"]).count(),
        "full_response": closed.aggregate(full=Count("pk", filter=Q(outcome=Outcome.FULL)), all=Count("pk")),
        "per_month": tally(counted.annotate(month=TruncMonth("received_at")).values_list("month")
                            .annotate(n=Count("pk"))),
        "first_response": tally(counted.values_list("reference", "received_at", "first_response_at")),
        "messages": tally(Message.objects.values_list("query__reference", "kind", "created_at")),
    }


def test_the_statistics_are_the_same_before_and_after(manager):
    topics = list(Topic.objects.all()[:3])
    mali, other = Country.objects.get(iso2="ML"), Country.objects.exclude(iso2="ML").first()
    local = OrganisationFactory(type="local_ngo")
    for index in range(8):
        requester = closed_member(800 * DAY, organisation=local if index % 2 else OrganisationFactory(),
                                  country=mali if index % 3 else other)
        Member.objects.filter(pk=requester.pk).update(is_active=True)
        requester.refresh_from_db()
        query = with_file(requester=requester, topics=topics[: index % 3 + 1],
                          received_at=NOW - (900 + 40 * index) * DAY)
        Member.objects.filter(pk=requester.pk).update(is_active=False, closed_at=NOW - 800 * DAY)
        close(query, NOW - 800 * DAY, outcome=Outcome.FULL if index % 2 else Outcome.PARTIAL)
        inbound(query, age=800 * DAY)
        close(mailed_query(name=f"Contact {index}", email=f"c{index}@example.org", country=other,
                           received_at=NOW - (500 + 30 * index) * DAY, topics=topics[:1]),
              NOW - 450 * DAY, outcome=Outcome.GAP_IDENTIFIED)
    place_hold(actor=manager, query=Query.objects.first(), reason="Audit")
    before = statistics()

    run = run_retention(now=NOW)

    assert run.counts["members"]["done"] == 8 and run.counts["contacts"]["done"] >= 7
    assert statistics() == before


# --- page and command ----------------------------------------------------------------------------

def test_the_page_is_for_managers_only(client):
    client.force_login(staff_with_mfa(Role.OFFICER))
    assert client.get("/staff/retention/").status_code == 403
    assert client.post("/staff/retention/holds/", {"reference": "x", "reason": "y"}).status_code == 403


def test_managers_see_runs_and_place_and_lift_holds(client, manager):
    run_retention(now=NOW, dry_run=True)
    query = make_query()
    client.force_login(manager)

    page = client.get("/staff/retention/").content.decode()
    assert "Recent runs" in page and "dry run" in page and "Raw copies of inbound mail" in page

    response = client.post("/staff/retention/holds/", {"reference": query.reference, "reason": "Inquiry"})
    assert response.status_code == 302
    hold = LegalHold.objects.get(query=query, lifted_at__isnull=True)
    assert query.reference in client.get("/staff/retention/").content.decode()

    both = client.post("/staff/retention/holds/", {"reference": query.reference, "email": "a@example.org",
                                                   "reason": "Inquiry"})
    assert both.status_code == 200 and LegalHold.objects.count() == 1
    unknown = client.post("/staff/retention/holds/", {"email": "nobody@example.org", "reason": "Inquiry"})
    assert "No member has this address." in unknown.content.decode()

    assert client.post(f"/staff/retention/holds/{hold.pk}/lift/").status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_by == manager and hold.lifted_at is not None


def test_the_command_prints_the_counts():
    close(mailed_query(), NOW - 800 * DAY)
    out = io.StringIO()
    call_command("run_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Dry run: nothing was changed." in text
    assert "Requesters without an account: 1 purged or anonymised, 0 kept under a legal hold" in text
    assert RetentionRun.objects.get().dry_run
    assert Query.objects.get().requester_email == "awa@example.org"
