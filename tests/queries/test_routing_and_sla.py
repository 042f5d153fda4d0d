"""Routing to desks and focal points, SLA due dates on the desk's calendar, pauses and reminders."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, Desk, FocalPoint, Region
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.sending import send_due
from cphelpdesk.queries import actions, routing
from cphelpdesk.queries.models import Holiday, Query, Referral, SLAClass, Status
from cphelpdesk.queries.reminders import recipients, remind_due_queries, remind_overdue_referrals
from cphelpdesk.taxonomy.models import Topic
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def country(iso2):
    return Country.objects.get(iso2=iso2)


@pytest.mark.parametrize("language, iso2, desk", [
    ("fr", "TD", "fr"),     # French from Chad: the French desk
    ("ar", "TD", "ar"),     # Arabic from Chad: the Arabic desk, by language first
    ("en", "LB", "en"),     # English from Lebanon
    ("fr", "LB", "fr"),     # French from Lebanon
    ("pt", "MZ", "es"),     # Portuguese: the Spanish desk also answers in Portuguese
    ("es", "CO", "es"),
])
def test_a_new_query_goes_to_the_desk_of_its_language(language, iso2, desk):
    assert make_query(language=language, country=country(iso2)).desk.code == desk


def test_without_a_desk_for_the_language_the_countrys_desk_answers():
    Desk.objects.filter(code="ar").delete()
    assert make_query(language="ar", country=country("TD")).desk.code == "fr"


def test_without_any_language_desk_the_global_desk_answers():
    query = make_query(language="ar", country=Country.objects.get(iso2="CH"))
    Desk.objects.filter(code="ar").delete()
    query2 = make_query(language="ar", country=Country.objects.get(iso2="CH"))
    assert query.desk.code == "ar" and query2.desk.code == "global"


def test_coordination_requests_reach_the_regions_focal_point(inbox, django_capture_on_commit_callbacks):
    focal = staff_with_mfa(Role.FOCAL_POINT)
    FocalPoint.objects.create(member=focal, region=Region.objects.get(code="wca"))
    with django_capture_on_commit_callbacks(execute=True):
        coordination = make_query(country=country("ML"), topics=[Topic.objects.get(code="COORD.TOR")])
        thematic = make_query(country=country("ML"), topics=[Topic.objects.get(code="THEM.CM")])
    run_queued_tasks()
    assert len(inbox.to(focal.email)) == 1 and coordination.reference in inbox.to(focal.email)[0]["Subject"]
    assert coordination.events.filter(kind="focal_points_alerted").exists()
    assert not thematic.events.filter(kind="focal_points_alerted").exists()


def test_sensitive_topics_raise_the_default_sensitivity():
    assert make_query(topics=[Topic.objects.get(code="THEM.CAAFAG")]).sensitivity == 2
    assert make_query(topics=[Topic.objects.get(code="AME")]).sensitivity == 1


def test_sla_class_follows_urgency_and_service_type():
    assert make_query(urgency="urgent").sla_class == SLAClass.URGENT
    assert make_query(service_type="research").sla_class == SLAClass.COMPLEX
    assert make_query().sla_class == SLAClass.STANDARD


def test_due_dates_count_working_days_on_the_desks_calendar():
    nairobi = ZoneInfo("Africa/Nairobi")
    Desk.objects.filter(code="en").update(time_zone="Africa/Nairobi")
    Holiday.objects.create(date=datetime(2026, 12, 1).date(), name="Test holiday", desk=Desk.objects.get(code="en"))
    friday = datetime(2026, 11, 27, 16, 0, tzinfo=nairobi)
    query = make_query(language="en", country=country("KE"), received_at=friday)
    # Standard: first response within 3 working days: Mon, (Tue holiday), Wed, Thu 16:00.
    assert query.first_response_due == datetime(2026, 12, 3, 16, 0, tzinfo=nairobi)
    urgent = make_query(language="en", country=country("KE"), received_at=friday, urgency="urgent")
    assert urgent.first_response_due == friday + timedelta(hours=24)  # around the clock


def test_waiting_on_the_requester_pauses_the_clock():
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query(language="en", country=country("KE"))
    due_before = query.resolution_due
    actions.reply(actor=officer, query=query, body="Which district?", awaiting_requester=True)
    query.refresh_from_db()
    assert query.status == Status.AWAITING_REQUESTER and query.paused_at is not None
    # Three working days pass while the helpdesk waits.
    paused_at = query.paused_at - timedelta(days=7)
    Query.objects.filter(pk=query.pk).update(paused_at=paused_at)
    actions.add_information(actor=query.requester, query=query, body="Kakuma")
    query.refresh_from_db()
    assert query.status == Status.IN_PROGRESS and query.paused_at is None
    assert query.resolution_due - due_before >= timedelta(days=5)  # moved by the paused working time


def test_sla_reminders_go_to_assignees_and_desk_officers_once(inbox, django_capture_on_commit_callbacks):
    desk_officer = staff_with_mfa(Role.OFFICER)
    Desk.objects.get(code="en").officers.add(desk_officer)
    expert = staff_with_mfa(Role.EXPERT)
    query = make_query(language="en", country=country("KE"))
    actions.assign(actor=desk_officer, query=query, member=expert, role="expert")
    not_due = make_query(language="en", country=country("KE"))
    Query.objects.filter(pk=query.pk).update(first_response_due=timezone.now() - timedelta(hours=1))
    send_due()  # the assignment's own mail goes first
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_due_queries() == 1
        assert remind_due_queries() == 0  # once
    run_queued_tasks()
    assert {m["To"] for m in inbox.messages} == {desk_officer.email, expert.email}
    assert all(query.reference in m["Subject"] for m in inbox.messages)
    assert not not_due.events.filter(kind="sla_reminder").exists()
    assert query.events.get(kind="sla_reminder").data == {"breached": True}


def test_paused_queries_get_no_reminder():
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    actions.reply(actor=officer, query=query, body="Which district?", awaiting_requester=True)
    Query.objects.filter(pk=query.pk).update(resolution_due=timezone.now() - timedelta(hours=1))
    assert remind_due_queries() == 0


def test_an_approved_member_is_needed_to_submit():
    with pytest.raises(PermissionDenied):
        make_query(requester=MemberFactory(approval="pending"))


def test_the_first_response_is_judged_against_its_due_date_when_it_goes_out():
    officer = staff_with_mfa(Role.OFFICER)
    in_time, late = (make_query(language="en", country=country("KE")) for _ in range(2))
    Query.objects.filter(pk=late.pk).update(first_response_due=timezone.now() - timedelta(hours=1))
    for query in (in_time, late):
        actions.reply(actor=officer, query=query, body="Here is the guidance.")
        query.refresh_from_db()
    assert in_time.first_response_on_time is True and late.first_response_on_time is False
    assert in_time.first_response_due is None and late.first_response_due is None
    # A later reply or the answer does not judge it again.
    actions.mark_answered(actor=officer, query=late)
    late.refresh_from_db()
    assert late.first_response_on_time is False


def test_a_reply_while_a_referral_is_out_counts_the_running_pause():
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query(language="en", country=country("KE"))
    actions.refer(actor=officer, query=query, destination="focal_point", recipient_name="Focal point",
                  recipient_email="focal@example.org", reason="Coordination question")
    # The due date has passed, but the query has waited on the referral for a week of it.
    Query.objects.filter(pk=query.pk).update(first_response_due=timezone.now() - timedelta(hours=1),
                                             paused_at=timezone.now() - timedelta(days=7))
    actions.reply(actor=officer, query=query, body="Here is the guidance.")
    query.refresh_from_db()
    assert query.first_response_on_time is True


def test_an_answer_given_outside_the_thread_is_judged_too():
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query(language="en", country=country("KE"))
    Query.objects.filter(pk=query.pk).update(first_response_due=timezone.now() - timedelta(minutes=1))
    actions.mark_answered(actor=officer, query=query)
    query.refresh_from_db()
    assert query.first_response_at is not None and query.first_response_on_time is False


def test_a_referral_past_its_hand_off_date_is_reminded_once(inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    overdue, in_time, answered = (make_query(language="en", country=country("KE")) for _ in range(3))
    referrals = {query.pk: actions.refer(
        actor=officer, query=query, destination="working_group", recipient_name="Task force lead",
        recipient_email=f"lead{query.pk}@alliance.example.org", reason="A gap in guidance") for query in
        (overdue, in_time, answered)}
    Referral.objects.filter(pk__in=[referrals[overdue.pk].pk, referrals[answered.pk].pk]).update(
        due_at=timezone.now() - timedelta(hours=1))
    actions.answer_referral(referral=referrals[answered.pk], body="Here is what we know.")
    send_due()
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_overdue_referrals() == 1
        assert remind_overdue_referrals() == 0  # once
    run_queued_tasks()
    by_recipient = {m["To"]: m for m in inbox.messages}
    assert set(by_recipient) == {referrals[overdue.pk].recipient_email, officer.email}
    reminder = by_recipient[referrals[overdue.pk].recipient_email]
    assert overdue.reference in reminder["Subject"] and "/referrals/" in inbox.body(reminder)
    assert "+" in reminder["Reply-To"]  # answerable by reply, as the first mail was
    assert "Task force lead" in inbox.body(by_recipient[officer.email])
    assert overdue.events.filter(kind="referral_reminder").count() == 1
    assert not in_time.events.filter(kind="referral_reminder").exists()


def test_a_closed_account_gets_no_referral_reminder_and_the_sender_is_told(inbox, django_capture_on_commit_callbacks):
    officer = staff_with_mfa(Role.OFFICER)
    focal_point = MemberFactory(email="focal@alliance.example.org")
    query = make_query(language="en", country=country("KE"))
    referral = actions.refer(actor=officer, query=query, destination="focal_point", recipient_name="Focal point",
                             recipient_email=focal_point.email, reason="Coordination", recipient=focal_point)
    Referral.objects.filter(pk=referral.pk).update(due_at=timezone.now() - timedelta(hours=1))
    focal_point.is_active = False
    focal_point.save()
    send_due()
    inbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_overdue_referrals() == 1
    run_queued_tasks()
    [told] = inbox.messages
    assert told["To"] == officer.email and "were not reminded" in inbox.body(told)


def test_reminders_only_reach_people_who_may_see_the_query():
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    Query.objects.filter(pk=query.pk).update(desk=None, sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    query.refresh_from_db()
    assert officer not in recipients(query)


def test_triage_keeps_the_time_already_paused_in_the_due_date():
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    actions.reply(actor=officer, query=query, body="Which district?", awaiting_requester=True)
    Query.objects.filter(pk=query.pk).update(paused_at=timezone.now() - timedelta(days=7))
    actions.add_information(actor=query.requester, query=query, body="Kakuma")
    query.refresh_from_db()
    moved = query.resolution_due
    assert query.paused_working_minutes > 0
    actions.triage(actor=officer, query=query, service_type="tool_request")
    query.refresh_from_db()
    assert query.resolution_due == moved


def test_a_reply_while_a_referral_is_open_keeps_the_clock_paused():
    officer = staff_with_mfa(Role.OFFICER)
    query = make_query()
    actions.refer(actor=officer, query=query, destination="working_group", recipient_name="WG",
                  recipient_email="wg@example.org", reason="Standards")
    actions.reply(actor=officer, query=query, body="We asked the working group.")
    query.refresh_from_db()
    assert query.status == Status.REFERRED and query.paused_at is not None
    assert query.events.get(kind="replied").data["status_to"] == Status.REFERRED


def test_focal_point_alerts_skip_queries_they_may_not_see():
    focal = staff_with_mfa(Role.FOCAL_POINT)
    FocalPoint.objects.create(member=focal, region=Region.objects.get(code="wca"))
    query = make_query(country=Country.objects.get(iso2="ML"), topics=[Topic.objects.get(code="COORD.TOR")])
    Query.objects.filter(pk=query.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    query.refresh_from_db()
    assert routing.alert_focal_points(query) == []
