"""The outbox: every outgoing mail recorded first, retried with backoff, failures shown to officers."""

import pytest
from django.utils import timezone

from cphelpdesk.core.notifications import queue_notification
from cphelpdesk.directory.roles import Role
from cphelpdesk.mail.models import OutboundMessage
from cphelpdesk.mail.outbox import BACKOFF
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
    from cphelpdesk.mail.outbox import send

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
    from cphelpdesk.mail.outbox import send

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
