"""Reminders a day before a live session: one mail per member with a place, in their language, with an
iCalendar invitation whose times are right in the session's time zone, across changes of summer time."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from icalendar import Calendar

from cphelpdesk.learning import reminders
from cphelpdesk.learning.models import SessionRegistration
from cphelpdesk.learning.tasks import send_session_reminders
from cphelpdesk.mail.models import OutboundMessage
from tests.factories import MemberFactory
from tests.helpers import run_queued_tasks
from tests.learning.helpers import session

pytestmark = pytest.mark.django_db

Status = SessionRegistration.Status


def local(year, month, day, hour, zone):
    return datetime(year, month, day, hour, tzinfo=zoneinfo.ZoneInfo(zone))


def register(live_session, member=None, status=Status.REGISTERED):
    member = member or MemberFactory()
    return SessionRegistration.objects.create(session=live_session, member=member, status=status,
                                              queued_at=live_session.starts_at - timedelta(days=7))


def remind(now, django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        count = reminders.remind_sessions(now)
    run_queued_tasks()
    return count


def invitation_in(message) -> Calendar:
    [attachment] = [part for part in message.iter_attachments() if part.get_filename() == "invitation.ics"]
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    return Calendar.from_ical(attachment.get_content())


def the_event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def test_each_member_with_a_place_is_reminded_once(inbox, django_capture_on_commit_callbacks):
    live = session(local(2026, 10, 20, 14, "Africa/Dakar"), "Africa/Dakar", link="https://meet.example.org/cp")
    registered, attended = register(live), register(live)
    waitlisted = register(live, status=Status.WAITLISTED)
    cancelled = register(live, status=Status.CANCELLED)
    now = live.starts_at - timedelta(hours=20)
    assert remind(live.starts_at - timedelta(hours=30), django_capture_on_commit_callbacks) == 0  # too early
    assert remind(now, django_capture_on_commit_callbacks) == 2
    assert remind(now + timedelta(minutes=15), django_capture_on_commit_callbacks) == 0  # once each
    assert len(inbox.to(registered.member.email)) == 1 and len(inbox.to(attended.member.email)) == 1
    assert not inbox.to(waitlisted.member.email) and not inbox.to(cancelled.member.email)
    registered.refresh_from_db()
    assert registered.reminded_at == now
    [message] = inbox.to(registered.member.email)
    assert "Coordination webinar" in message["Subject"]
    body = inbox.body(message)
    assert "https://meet.example.org/cp" in body and "Africa/Dakar" in body and "/learning/sessions/" in body


def test_no_reminder_for_a_cancelled_or_past_session(inbox, django_capture_on_commit_callbacks):
    live = session(local(2026, 10, 20, 14, "UTC"), "UTC")
    register(live)
    live.cancelled_at = live.starts_at - timedelta(days=2)
    live.save()
    assert remind(live.starts_at - timedelta(hours=2), django_capture_on_commit_callbacks) == 0
    past = session(local(2026, 10, 21, 14, "UTC"), "UTC")
    register(past)
    assert remind(past.starts_at + timedelta(minutes=5), django_capture_on_commit_callbacks) == 0
    assert not inbox.messages


def test_the_reminder_is_in_the_members_language(inbox, django_capture_on_commit_callbacks):
    live = session(local(2026, 10, 24, 10, "Europe/Paris"), "Europe/Paris", place="Salle 2, Dakar")
    french = register(live, MemberFactory(preferred_language="fr"))
    arabic = register(live, MemberFactory(preferred_language="ar"))
    remind(live.starts_at - timedelta(hours=12), django_capture_on_commit_callbacks)
    # Dates are worded in the member's language (month names), whatever the catalog has translated yet.
    assert "octobre" in inbox.body(inbox.to(french.member.email)[0])
    assert "أكتوبر" in inbox.body(inbox.to(arabic.member.email)[0])


@pytest.mark.parametrize(("zone", "day", "utc_hour"), [
    # The last Sunday of October 2026 is the 25th: Paris leaves summer time that night (UTC+2 -> UTC+1),
    # Beirut too (UTC+3 -> UTC+2); Bogota has no summer time (UTC-5).
    ("Europe/Paris", 24, 8), ("Europe/Paris", 26, 9),
    ("Asia/Beirut", 24, 7), ("Asia/Beirut", 26, 8),
    ("America/Bogota", 24, 15), ("America/Bogota", 26, 15),
])
def test_the_invitation_is_at_the_right_time_across_a_change_of_summer_time(
        inbox, django_capture_on_commit_callbacks, zone, day, utc_hour):
    live = session(local(2026, 10, day, 10, zone), zone, duration_minutes=90)
    register(live, MemberFactory(full_name="Aminata Diallo", email="aminata@example.org"))
    remind(live.starts_at - timedelta(hours=23), django_capture_on_commit_callbacks)
    calendar = invitation_in(inbox.to("aminata@example.org")[0])
    event = the_event(calendar)
    assert str(calendar["METHOD"]) == "REQUEST"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == zone
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]
    assert (start.hour, start.minute) == (10, 0)  # as the facilitator announced it, in the session's zone
    assert start.astimezone(UTC) == datetime(2026, 10, day, utc_hour, tzinfo=UTC)
    assert end - start == timedelta(minutes=90)
    assert str(event["UID"]) == reminders.session_uid(live)
    assert str(event["ORGANIZER"]).startswith("mailto:")
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:aminata@example.org" and attendee.params["CN"] == "Aminata Diallo"
    assert attendee.params["RSVP"] == "FALSE"


def test_the_uid_is_the_sessions(inbox, django_capture_on_commit_callbacks):
    live = session(local(2026, 10, 24, 10, "Asia/Beirut"), "Asia/Beirut")
    first, second = register(live), register(live)
    remind(live.starts_at - timedelta(hours=2), django_capture_on_commit_callbacks)
    uids = {str(the_event(invitation_in(inbox.to(registration.member.email)[0]))["UID"])
            for registration in (first, second)}
    assert uids == {reminders.session_uid(live)}


def test_invitations_are_deleted_once_the_session_is_over(inbox, django_capture_on_commit_callbacks):
    live = session(local(2026, 10, 24, 10, "Asia/Beirut"), "Asia/Beirut")
    register(live)
    remind(live.starts_at - timedelta(hours=2), django_capture_on_commit_callbacks)
    [stored] = OutboundMessage.objects.get().attachments
    assert default_storage.exists(stored["path"])
    remind(live.starts_at + timedelta(hours=2), django_capture_on_commit_callbacks)
    assert default_storage.exists(stored["path"])  # the session is on: the mail may still be retried
    remind(live.starts_at + reminders.KEEP_AFTER_START + timedelta(minutes=1), django_capture_on_commit_callbacks)
    assert not default_storage.exists(stored["path"])


def test_the_periodic_task_is_registered():
    from cphelpdesk.core.scheduler import periodic_tasks

    assert send_session_reminders.module_path in {entry.name for entry in periodic_tasks()}


def test_an_erased_member_leaves_no_stored_invitation(inbox, django_capture_on_commit_callbacks):
    from cphelpdesk.core.erasure import Path, Target, erase

    live = session(local(2026, 10, 20, 14, "Africa/Dakar"), "Africa/Dakar")
    erased, other = register(live), register(live)
    remind(live.starts_at - timedelta(hours=20), django_capture_on_commit_callbacks)
    folder = f"{reminders.INVITATIONS}/{live.pk}"
    assert len(default_storage.listdir(folder)[1]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        erase(Path.ERASURE, Target(members=[erased.member.pk]))
    [left] = default_storage.listdir(folder)[1]
    assert left.startswith(f"{other.pk}-")  # the other member's invitation waits for its mail
