"""Holes found in review, each kept closed by a test."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cphelpdesk.api.actions import create_token
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Country, FocalPoint, Region
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions
from cphelpdesk.queries.access import query_access, visible_queries
from cphelpdesk.queries.models import Attachment, Message, Outcome, Query, Referral, Status
from cphelpdesk.queries.reminders import recipients
from cphelpdesk.queries.selectors import QueueFilters, queue
from tests.factories import MemberFactory, make_query, staff_with_mfa

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def officer():
    return staff_with_mfa(Role.OFFICER)


def test_a_superuser_gets_no_query_content(client, settings):
    settings.HELPDESK_REQUIRE_STAFF_MFA = False
    query = make_query(subject="Sensitive subject")
    root = MemberFactory(is_superuser=True)
    client.force_login(root)
    assert client.get(reverse("queries:detail", args=[query.reference])).status_code == 404
    assert not root.has_perm("queries.read_query", query)
    assert root.has_perm("directory.change_organisation")  # the admin still works for them


def test_individual_case_removes_every_trace(client, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    query = make_query(subject="Amina, 9, camp 3", question="Amina, 9, needs help",
                       attachments=[SimpleUploadedFile("amina.pdf", PDF)])
    referral = actions.refer(actor=officer, query=query, destination="focal_point", recipient_name="FP",
                             recipient_email="fp@example.org", reason="Amina's case in camp 3")
    actions.reply(actor=officer, query=query, body="Note: Amina is 9", internal=True)
    actions.close_as_individual_case(actor=officer, query=query)
    query.refresh_from_db()
    referral.refresh_from_db()
    assert "Amina" not in query.subject
    assert not Message.objects.filter(query=query, body__contains="Amina").exists()
    assert "Amina" not in referral.reason and referral.status == Referral.Status.CANCELLED
    assert not Attachment.objects.filter(message__query=query).exists()
    token = actions.referral_token(referral)
    assert client.get(reverse("queries:referral_answer", args=[token])).status_code == 410
    with pytest.raises(actions.InvalidTransition):
        actions.reopen(actor=staff_with_mfa(Role.MANAGER), query=query)  # now strictly confidential


def test_referral_links_close_with_the_query(client, officer):
    query = make_query()
    referral = actions.refer(actor=officer, query=query, destination="working_group", recipient_name="WG",
                             recipient_email="wg@example.org", reason="Standards")
    actions.withdraw(actor=query.requester, query=query)
    page = client.get(reverse("queries:referral_answer", args=[actions.referral_token(referral)]))
    assert page.status_code == 410 and query.subject not in page.content.decode()


def test_answered_referral_page_shows_nothing_of_the_query(client, officer):
    query = make_query(subject="Confidential subject")
    referral = actions.refer(actor=officer, query=query, destination="working_group", recipient_name="WG",
                             recipient_email="wg@example.org", reason="Standards")
    actions.answer_referral(referral=referral, body="Answer")
    page = client.get(reverse("queries:referral_answer", args=[actions.referral_token(referral)])).content.decode()
    assert "Thank you" in page and "Confidential subject" not in page and "Could you share" not in page


def test_list_and_page_agree_when_a_role_is_removed(officer):
    expert = staff_with_mfa(Role.EXPERT)
    query = make_query()
    actions.assign(actor=officer, query=query, member=expert, role="expert")
    expert.groups.clear()
    expert = type(expert).objects.get(pk=expert.pk)
    assert not query_access(expert, query).can_view
    assert not visible_queries(expert).filter(pk=query.pk).exists()


def test_gap_register_lists_only_visible_queries(client, officer):
    seen, hidden = make_query(), make_query()
    gap = actions.flag_gap(actor=officer, query=seen, title="A gap")
    actions.flag_gap(actor=officer, query=hidden, gap=gap)
    expert = staff_with_mfa(Role.EXPERT)
    actions.assign(actor=officer, query=seen, member=expert, role="expert")
    client.force_login(expert)
    page = client.get(reverse("queries:gaps")).content.decode()
    assert seen.reference in page and hidden.reference not in page


def test_focal_point_sees_their_own_reply_on_a_strict_referred_query():
    officer = staff_with_mfa(Role.MANAGER)
    focal = staff_with_mfa(Role.FOCAL_POINT)
    query = make_query()
    Query.objects.filter(pk=query.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    query.refresh_from_db()
    actions.refer(actor=officer, query=query, destination="focal_point", recipient_name=str(focal),
                  recipient_email=focal.email, reason="Region")
    message = actions.reply(actor=focal, query=query, body="From the region")
    from cphelpdesk.queries.access import visible_messages

    assert message in visible_messages(query_access(focal, query), query)


def test_reminders_only_reach_people_who_may_see_the_query(officer):
    query = make_query()
    Query.objects.filter(pk=query.pk).update(desk=None, sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    query.refresh_from_db()
    assert officer not in recipients(query)


def test_staff_tokens_need_mfa(client):
    staff = MemberFactory(roles=[Role.OFFICER])
    token = create_token(actor=staff, name="x")[1]
    response = client.get("/api/queries", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403 and "two-factor" in response.json()["detail"]


def test_merge_does_not_reveal_which_references_exist(client, officer):
    query = make_query()
    strict = make_query()
    Query.objects.filter(pk=strict.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    client.force_login(officer)
    url = reverse("queries:act", args=[query.reference, "merge"])
    missing = client.post(url, {"into": "CPH-1999-0001"})
    hidden = client.post(url, {"into": strict.reference})
    assert missing.status_code == hidden.status_code == 400
    assert "You have no query with the reference" in hidden.content.decode()


def test_triage_keeps_earlier_pauses(officer):
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


def test_reopening_clears_the_outcome_and_sets_a_fresh_target(officer):
    query = make_query()
    actions.mark_answered(actor=officer, query=query, outcome=Outcome.FULL)
    actions.reopen(actor=officer, query=query, reason="More")
    query.refresh_from_db()
    assert (query.outcome, query.answered_at) == ("", None)
    assert query.resolution_due > timezone.now()


def test_merging_into_a_closed_query_is_refused(officer):
    query, closed = make_query(), make_query()
    actions.withdraw(actor=officer, query=closed)
    with pytest.raises(ValidationError):
        actions.merge(actor=officer, query=query, into=closed)


def test_a_refused_file_leaves_no_file_behind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        make_query(attachments=[SimpleUploadedFile("good.pdf", PDF), SimpleUploadedFile("bad.pdf", b"MZ")])
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_a_reply_while_a_referral_is_open_keeps_the_clock_paused(officer):
    query = make_query()
    actions.refer(actor=officer, query=query, destination="working_group", recipient_name="WG",
                  recipient_email="wg@example.org", reason="Standards")
    actions.reply(actor=officer, query=query, body="We asked the working group.")
    query.refresh_from_db()
    assert query.status == Status.REFERRED and query.paused_at is not None
    assert query.events.get(kind="replied").data["status_to"] == Status.REFERRED


def test_due_sort_puts_queries_without_a_due_date_last(officer):
    answered, open_ = make_query(), make_query()
    actions.mark_answered(actor=officer, query=answered)
    ordered = list(queue(officer, QueueFilters(statuses=[], sort="due")))
    assert ordered.index(open_) < ordered.index(answered)


def test_nonsense_ids_are_form_errors_not_500(client, officer):
    query = make_query()
    client.force_login(officer)
    response = client.post(reverse("queries:act", args=[query.reference, "triage"]), {
        "topics": ["9" * 25], "urgency": "standard", "service_type": "question", "sensitivity": 1})
    assert response.status_code == 400
    client.logout()
    assert client.get(reverse("account_signup"), {"country": "9" * 30}).status_code == 200


def api_post(client, url, data, member):
    token = create_token(actor=member, name="x", scope="read_write")[1]
    return client.post(url, json.dumps(data), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("change, status", [({"language": "x" * 50}, 422), ({"language": "de"}, 422)])
def test_api_rejects_unknown_languages(client, change, status):
    data = {"subject": "s", "question": "q", "no_child_details_confirmed": True, **change}
    assert api_post(client, "/api/queries", data, MemberFactory()).status_code == status


def test_api_strips_nul_characters(client):
    data = {"subject": "a\x00b", "question": "c\x00d", "no_child_details_confirmed": True}
    response = api_post(client, "/api/queries", data, MemberFactory())
    assert response.status_code == 201 and response.json()["subject"] == "ab"


def test_api_bounds_and_unknowns(client):
    member = MemberFactory()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=member, name='x')[1]}"}
    assert client.get("/api/queries", {"page": "9" * 20}, **auth).status_code == 422
    assert client.get("/api/queries", {"topic": "TYPO"}, **auth).status_code == 400
    unknown = client.get("/api/nothing/here", **auth)
    assert unknown.status_code == 404 and unknown.json()["detail"]


def test_api_downloads_attachments_with_the_same_checks(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    query = make_query(attachments=[SimpleUploadedFile("ToR.pdf", PDF)])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=query.requester, name='x')[1]}"}
    detail = client.get(f"/api/queries/{query.reference}", **auth).json()
    url = detail["messages"][0]["attachments"][0]["url"]
    download = client.get(url, **auth)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert detail["first_response_due"] is None  # the SLA is staff business
    other = {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=MemberFactory(), name='x')[1]}"}
    assert client.get(url, **other).status_code == 404


def test_focal_point_alerts_skip_queries_they_may_not_see():
    from cphelpdesk.queries import routing
    from cphelpdesk.taxonomy.models import Topic

    focal = staff_with_mfa(Role.FOCAL_POINT)
    FocalPoint.objects.create(member=focal, region=Region.objects.get(code="wca"))
    query = make_query(country=Country.objects.get(iso2="ML"), topics=[Topic.objects.get(code="COORD.TOR")])
    Query.objects.filter(pk=query.pk).update(sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    query.refresh_from_db()
    assert routing.alert_focal_points(query) == []
