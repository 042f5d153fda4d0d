"""Bounces to a subscriber's VERP address: scored once a day, only failures, past the threshold delivery is
suspended, the subscriber is told once in their language and can resume."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cphelpdesk.communities import actions
from cphelpdesk.communities.delivery import bounce_address
from cphelpdesk.communities.models import Subscription
from cphelpdesk.mail.actions import process_inbound, store_inbound
from tests.communities.factories import CommunityFactory, SubscriptionFactory
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


def dsn(to: str, failing: str, action: str = "failed", status: str = "5.1.1") -> bytes:
    """A delivery status notification (RFC 3464) as MTAs send them."""
    return (f"From: MAILER-DAEMON@mx.example.org\r\nTo: {to}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
            f"Message-ID: <{abs(hash((to, failing, action, timezone.now())))}@mx.example.org>\r\n"
            "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
            "--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
            "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
            f"Final-Recipient: rfc822; {failing}\r\nAction: {action}\r\nStatus: {status}\r\n\r\n--b--\r\n").encode()


def bounce(subscription: Subscription, action: str = "failed") -> str:
    address = bounce_address(subscription.community, subscription)
    inbound = store_inbound(raw=dsn(address, subscription.address, action, "4.2.2" if action == "delayed" else
                                    "5.1.1"), channel="smtp", envelope_from="<>", envelope_to=[address])
    return process_inbound(inbound)


def a_day_passes(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(last_bounce_at=timezone.now() - timedelta(days=1))


def test_a_failing_address_is_suspended_after_the_threshold_told_once_in_its_language_and_can_resume(
        client, inbox, django_capture_on_commit_callbacks):
    community = CommunityFactory(slug="cpie", bounce_threshold=3)
    failing = SubscriptionFactory(community=community, member=MemberFactory(email="gone@example.org"),
                                  language="fr")
    fine = SubscriptionFactory(community=community, member=MemberFactory(email="fine@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        for day in range(3):
            bounce(failing)
            if day < 2:
                a_day_passes(failing)
        assert bounce(failing).endswith("bounce already counted today")
    failing.refresh_from_db()
    fine.refresh_from_db()
    assert failing.status == Subscription.Status.SUSPENDED and failing.bounce_score == 3
    assert fine.status == Subscription.Status.ACTIVE and fine.bounce_score == 0
    run_queued_tasks()
    [notice] = inbox.to("gone@example.org")
    assert "suspendu" in notice["Subject"].lower() or "suspend" in notice["Subject"].lower()
    # Its own bounce counts against nobody.
    assert notice["List-Id"] and "+" not in inbox.envelopes[0][0]
    body = inbox.body(notice)
    resume = body[body.index("http"):].split()[0]
    path = "/" + resume.split("://", 1)[1].split("/", 1)[1]

    # Suspended: the next post does not go to the failing address, and a further bounce tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_post(actions.Submission(community=community, subject="Referrals", body="Who has one?",
                                               author_email="x@example.org"))
        a_day_passes(failing)
        bounce(failing)
    run_queued_tasks()
    assert len(inbox.to("gone@example.org")) == 1 and len(inbox.to("fine@example.org")) == 1

    # A GET only asks (link scanners); the POST resumes, and the next post arrives.
    assert client.get(path).status_code == 200
    failing.refresh_from_db()
    assert failing.status == Subscription.Status.SUSPENDED
    assert client.post(path).status_code == 200
    failing.refresh_from_db()
    assert failing.status == Subscription.Status.ACTIVE and failing.bounce_score == 0
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_post(actions.Submission(community=community, subject="Referrals again", body="Anyone?",
                                               author_email="x@example.org"))
    run_queued_tasks()
    assert len(inbox.to("gone@example.org")) == 2


def test_a_delay_warning_does_not_count_and_an_old_score_starts_again():
    subscription = SubscriptionFactory(community=CommunityFactory(bounce_threshold=2))
    assert bounce(subscription, action="delayed").endswith("delay warning, not counted")
    subscription.refresh_from_db()
    assert subscription.bounce_score == 0
    bounce(subscription)
    # Quiet for longer than the stale period: the next bounce starts a new score instead of suspending.
    Subscription.objects.filter(pk=subscription.pk).update(last_bounce_at=timezone.now() - timedelta(days=30))
    bounce(subscription)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE and subscription.bounce_score == 1


def test_a_tampered_resume_link_is_refused(client):
    assert client.get("/communities/resume/not-a-token/").status_code == 400
