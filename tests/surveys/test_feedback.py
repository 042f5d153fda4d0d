"""Feedback on every answer (issue #6): the signed single-use link, the reminder, low-rating alerts, pages."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from cphelpdesk.core.models import AuditEntry
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import actions as query_actions
from cphelpdesk.queries.models import Outcome, QueryEvent
from cphelpdesk.surveys import actions
from cphelpdesk.surveys.models import FeedbackRequest, Rating
from tests.factories import MemberFactory, make_query, staff_with_mfa
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db
GOOD = {"appropriateness": "9", "timeliness": "8", "quality": "10", "comment": "Very useful, thank you."}
LOW = {"appropriateness": "9", "timeliness": "3", "quality": "8", "comment": "Came too late for our meeting."}


@pytest.fixture
def officer():
    return staff_with_mfa(Role.OFFICER)


def answered(officer, django_capture_on_commit_callbacks, **fields):
    query = make_query(**fields)
    with django_capture_on_commit_callbacks(execute=True):
        query_actions.mark_answered(actor=officer, query=query, outcome=Outcome.FULL)
    run_queued_tasks()
    query.refresh_from_db()
    return query


def link_in(mail) -> str:
    body = mail.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://[^\s]+(/feedback/[^\s]+/)", body).group(1)


def mails_about(inbox, address, words):
    return [mail for mail in inbox.to(address) if words in mail["Subject"]]


def test_the_answer_mail_brings_a_link_that_rates_without_login(
        client, inbox, officer, django_capture_on_commit_callbacks):
    query = answered(officer, django_capture_on_commit_callbacks)
    [mail] = mails_about(inbox, query.requester_email, "answered")  # the answer and the request: one mail
    assert "How did we do?" in mail.get_body(preferencelist=("plain",)).get_content()
    path = link_in(mail)
    assert path.startswith(f"/feedback/{query.reference}/")
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<fieldset" in html and "<legend>Appropriateness</legend>" in html and 'type="radio"' in html
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, GOOD)
    assert done.status_code == 302 and "saved=1" in done["Location"]
    rating = Rating.objects.get(query=query)
    assert (rating.appropriateness, rating.timeliness, rating.quality) == (9, 8, 10)
    assert rating.comment == "Very useful, thank you."
    assert QueryEvent.objects.filter(query=query, kind="rated").exists()
    assert AuditEntry.objects.filter(action="rating.submitted", target_id=str(rating.pk)).exists()
    assert "your rating is saved" in client.get(done["Location"]).content.decode()
    # Good ratings alert nobody.
    assert not QueryEvent.objects.filter(query=query, kind="low_rating_alert").exists()


def test_the_requester_changes_the_rating_with_the_fresh_link_and_the_old_one_is_used(
        client, inbox, officer, django_capture_on_commit_callbacks):
    query = answered(officer, django_capture_on_commit_callbacks)
    first = link_in(mails_about(inbox, query.requester_email, "answered")[0])
    mailed = len(inbox.to(query.requester_email))
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(first, GOOD)["Location"]
    run_queued_tasks()
    # The thanks is a page, not a mail: the fresh link's own page, where the rating can be changed.
    assert len(inbox.to(query.requester_email)) == mailed
    fresh = saved.split("?")[0]
    assert fresh != first and "come back to this page" in client.get(saved).content.decode()
    reused = client.get(first)
    assert reused.status_code == 410 and "already used" in reused.content.decode()
    assert client.post(first, LOW).status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(fresh, {**GOOD, "quality": "7"}).status_code == 302
    rating = Rating.objects.get(query=query)
    assert rating.quality == 7 and Rating.objects.count() == 1
    assert QueryEvent.objects.filter(query=query, kind="rating_changed").exists()
    # Until the link expires.
    FeedbackRequest.objects.filter(query=query).update(expires_at=timezone.now() - timedelta(seconds=1))
    newest = actions.feedback_token(FeedbackRequest.objects.get(query=query))
    expired = client.post(reverse("surveys:feedback", args=[query.reference, newest]), GOOD)
    assert expired.status_code == 410 and "has passed" in expired.content.decode()
    assert Rating.objects.get(query=query).quality == 7


def test_tampered_expired_and_wrong_query_links_are_refused_with_a_clear_page(
        client, officer, django_capture_on_commit_callbacks):
    query = answered(officer, django_capture_on_commit_callbacks)
    other = answered(officer, django_capture_on_commit_callbacks, subject="Another question")
    token = actions.feedback_token(query.feedback_request)
    url = lambda reference, token: reverse("surveys:feedback", args=[reference, token])  # noqa: E731

    tampered = client.get(url(query.reference, token[:-2] + ("xx" if not token.endswith("xx") else "yy")))
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()
    forged = signing.dumps([query.pk, query.feedback_request.nonce], salt="another-salt")
    assert client.get(url(query.reference, forged)).status_code == 400
    assert client.get(url(query.reference, "garbage")).status_code == 400
    odd = signing.dumps({"q": query.pk}, salt=actions.FEEDBACK_SALT)
    assert client.get(url(query.reference, odd)).status_code == 400

    wrong = client.post(url(other.reference, token), GOOD)
    assert wrong.status_code == 400 and "another query" in wrong.content.decode()
    assert not Rating.objects.exists()

    FeedbackRequest.objects.filter(query=query).update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = client.get(url(query.reference, token))
    assert expired.status_code == 410 and "has passed" in expired.content.decode()
    assert not Rating.objects.exists()


def test_bad_form_data_gives_form_errors(client, officer, django_capture_on_commit_callbacks):
    query = answered(officer, django_capture_on_commit_callbacks)
    path = reverse("surveys:feedback", args=[query.reference, actions.feedback_token(query.feedback_request)])
    for bad in ({**GOOD, "quality": "0"}, {**GOOD, "quality": "11"}, {**GOOD, "timeliness": "ten"},
                {"comment": "no scores"}, {**GOOD, "comment": "x" * 5000}):
        response = client.post(path, bad)
        assert response.status_code == 400 and 'class="errorlist"' in response.content.decode()
    assert not Rating.objects.exists()
    # The action itself refuses out-of-range scores from any channel.
    with pytest.raises(actions.ValidationError):
        actions.submit_rating(query=query, appropriateness=11, timeliness=5, quality=5,
                              nonce=query.feedback_request.nonce)


def test_one_reminder_only(inbox, officer, django_capture_on_commit_callbacks, settings):
    settings.HELPDESK_FEEDBACK_REMINDER_DAYS = 7
    query = answered(officer, django_capture_on_commit_callbacks)
    rated = answered(officer, django_capture_on_commit_callbacks, subject="Rated already")
    actions.submit_rating(query=rated, appropriateness=9, timeliness=9, quality=9,
                          nonce=rated.feedback_request.nonce)
    now = timezone.now()
    assert actions.send_reminders(now + timedelta(days=6)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders(now + timedelta(days=7, minutes=1)) == 1
        assert actions.send_reminders(now + timedelta(days=8)) == 0
    run_queued_tasks()
    [reminder] = mails_about(inbox, query.requester_email, "Reminder")
    assert link_in(reminder).startswith(f"/feedback/{query.reference}/")
    assert not mails_about(inbox, rated.requester_email, "Reminder")
    assert QueryEvent.objects.filter(query=query, kind="feedback_reminded").count() == 1
    # Never after the link expired.
    late = answered(officer, django_capture_on_commit_callbacks, subject="Too late")
    assert actions.send_reminders(now + timedelta(days=31)) == 0
    assert not QueryEvent.objects.filter(query=late, kind="feedback_reminded").exists()


def test_the_reminder_task_is_registered_daily():
    from cphelpdesk.core.scheduler import periodic_tasks

    [entry] = [entry for entry in periodic_tasks() if entry.name.endswith("send_feedback_reminders")]
    assert entry.every == timedelta(days=1)


def test_a_low_rating_alerts_the_desk(client, inbox, officer, django_capture_on_commit_callbacks):
    query = answered(officer, django_capture_on_commit_callbacks)
    desk = query.desk
    desk_officer = staff_with_mfa(Role.OFFICER, preferred_language="fr")
    lead = staff_with_mfa(Role.OFFICER)
    elsewhere = staff_with_mfa(Role.OFFICER)
    desk.officers.add(desk_officer)
    desk.lead = lead
    desk.save()
    path = reverse("surveys:feedback", args=[query.reference, actions.feedback_token(query.feedback_request)])
    with django_capture_on_commit_callbacks(execute=True):
        fresh = client.post(path, LOW)["Location"].split("?")[0]
    run_queued_tasks()
    [alert] = inbox.to(desk_officer.email)
    body = alert.get_body(preferencelist=("plain",)).get_content()
    assert query.reference in alert["Subject"] and f"/queries/{query.reference}/" in body
    assert "3/10" in body and "Came too late" in body
    assert alert["Subject"] != "" and "Low rating" not in alert["Subject"]  # in French
    assert [m for m in inbox.to(lead.email) if "Low rating" in m["Subject"]]
    assert not inbox.to(elsewhere.email)
    event = QueryEvent.objects.get(query=query, kind="low_rating_alert")
    assert event.data["lowest"] == 3
    # Changing only the comment of a low rating does not alert again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(fresh, {**LOW, "comment": "Also the link was broken."})
    assert QueryEvent.objects.filter(query=query, kind="low_rating_alert").count() == 1


def test_five_on_one_dimension_is_low_and_six_everywhere_is_not(officer, django_capture_on_commit_callbacks):
    query = answered(officer, django_capture_on_commit_callbacks)
    rated = actions.submit_rating(query=query, appropriateness=6, timeliness=6, quality=6,
                                  nonce=query.feedback_request.nonce)
    assert rated.alerted == 0 and not QueryEvent.objects.filter(query=query, kind="low_rating_alert").exists()
    query.feedback_request.refresh_from_db()
    actions.submit_rating(query=query, appropriateness=10, timeliness=10, quality=5,
                          nonce=query.feedback_request.nonce)
    assert QueryEvent.objects.filter(query=query, kind="low_rating_alert").exists()


def test_the_logged_in_requester_rates_from_the_query_page(client, officer, django_capture_on_commit_callbacks):
    query = answered(officer, django_capture_on_commit_callbacks)
    client.force_login(query.requester)
    page = client.get(reverse("queries:detail", args=[query.reference])).content.decode()
    assert reverse("surveys:rate", args=[query.reference]) in page and "<legend>Quality</legend>" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:rate", args=[query.reference]), GOOD)
    assert response.status_code == 302
    assert Rating.objects.get(query=query).quality == 10
    page = client.get(reverse("queries:detail", args=[query.reference])).content.decode()
    assert "Change my rating" in page and "9.0/10" in page
    bad = client.post(reverse("surveys:rate", args=[query.reference]), {**GOOD, "quality": "11"})
    assert bad.status_code == 400 and 'class="errorlist"' in bad.content.decode()
    # The mailed link was rotated by the page's rating too.
    old = FeedbackRequest.objects.get(query=query)
    assert client.get(reverse("surveys:feedback", args=[query.reference, actions.feedback_token(old)])
                      ).status_code == 200


def test_officers_see_the_rating_and_other_members_cannot_see_or_submit(
        client, officer, django_capture_on_commit_callbacks):
    query = answered(officer, django_capture_on_commit_callbacks)
    actions.submit_rating(query=query, appropriateness=9, timeliness=8, quality=7, comment="Clear and practical",
                          nonce=query.feedback_request.nonce)
    client.force_login(officer)
    page = client.get(reverse("queries:detail", args=[query.reference])).content.decode()
    assert "Requester&#x27;s rating" in page or "Requester's rating" in page
    assert "8.0/10" in page and "Clear and practical" in page and "Requester rated the answer" in page

    stranger = MemberFactory()
    client.force_login(stranger)
    assert client.get(reverse("surveys:rate", args=[query.reference])).status_code == 404
    assert client.post(reverse("surveys:rate", args=[query.reference]), LOW).status_code == 404
    assert Rating.objects.get(query=query).quality == 7
    with pytest.raises(actions.PermissionDenied):
        actions.submit_rating(query=query, appropriateness=1, timeliness=1, quality=1, actor=stranger)
    # Staff cannot rate in the requester's place either.
    client.force_login(officer)
    assert client.post(reverse("surveys:rate", args=[query.reference]), LOW).status_code == 404


def test_who_is_not_asked_and_a_reanswer_rotates_the_link(officer, django_capture_on_commit_callbacks):
    query = answered(officer, django_capture_on_commit_callbacks)
    first = actions.feedback_token(query.feedback_request)
    query_actions.reopen(actor=officer, query=query, reason="More to add")
    query_actions.mark_answered(actor=officer, query=query, outcome=Outcome.PARTIAL)
    feedback = FeedbackRequest.objects.get(query=query)
    assert actions.feedback_token(feedback) != first
    with pytest.raises(actions.FeedbackLinkProblem) as problem:
        actions.read_link(reference=query.reference, token=first)
    assert problem.value.problem == "used"
    assert QueryEvent.objects.filter(query=query, kind="feedback_requested").count() == 2

    no_mail = make_query(requester_email="", subject="Logged call")
    no_mail.requester_email = ""
    assert actions.request_feedback(query=no_mail) is None
    withdrawn = make_query(subject="Not needed")
    query_actions.withdraw(actor=officer, query=withdrawn)
    assert actions.request_feedback(query=withdrawn) is None
    case = make_query(subject="A child")
    query_actions.close_as_individual_case(actor=officer, query=case)
    assert not FeedbackRequest.objects.filter(query=case).exists()
    assert actions.request_feedback(query=case) is None


def test_erasure_keeps_the_scores_and_drops_the_comment_and_the_link(officer, django_capture_on_commit_callbacks):
    from cphelpdesk.privacy.retention import anonymise_members

    query = answered(officer, django_capture_on_commit_callbacks)
    actions.submit_rating(query=query, appropriateness=9, timeliness=8, quality=7, comment="Thanks, Amina at UNICEF",
                          nonce=query.feedback_request.nonce)
    anonymise_members([query.requester_id])
    rating = Rating.objects.get(query=query)
    assert (rating.appropriateness, rating.timeliness, rating.quality, rating.comment) == (9, 8, 7, "")
    assert not FeedbackRequest.objects.filter(query=query).exists()
