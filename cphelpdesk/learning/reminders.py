"""Reminders of live sessions: a day before a session, each member holding a place (registered, not on the
waitlist, not cancelled) gets one mail in their language with an iCalendar invitation.

The invitation (RFC 5545, `METHOD:REQUEST`) gives the start and end in the session's own time zone (`TZID` and
its `VTIMEZONE`, written from the IANA database), so a calendar shows the right hour on both sides of a change
to or from summer time; its `UID` is the session's, so a calendar that already holds the session updates it
rather than adding a second one. The attendee is asked for no reply (`RSVP=FALSE`): an answer would reach the
helpdesk's mailbox as a new query.

Sent once: `SessionRegistration.reminded_at` is claimed by a conditional update before the mail is recorded, in
one transaction, so two workers never remind the same member twice.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import formats, timezone, translation

from cphelpdesk.core.notifications import queue_notification
from cphelpdesk.learning.models import LiveSession, SessionRegistration

REMIND_BEFORE = timedelta(hours=24)
PRODUCT = "-//CP Helpdesk//Learning sessions//EN"
INVITATIONS = "learning/invitations"
# An invitation names its member: its file is kept only until the session is over (a reminder still unsent by
# then has no use), then deleted.
KEEP_AFTER_START = timedelta(days=1)


def session_uid(session: LiveSession) -> str:
    """The same for every invitation to one session (and stable across reminders and changes)."""
    domain = settings.HELPDESK_EMAIL.rpartition("@")[2] or "cphelpdesk"
    return f"learning-session-{session.pk}@{domain}"


def session_title(session: LiveSession) -> str:
    return session.title or session.step.title


def invitation(registration: SessionRegistration) -> bytes:
    """The iCalendar invitation of one member to a session."""
    # Late: icalendar and dateutil are 90 modules that every process would load at start for the worker's sake.
    from icalendar import Calendar, Event, vCalAddress, vText  # noqa: PLC0415

    session, member = registration.session, registration.member
    start = session.local_start
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=session.duration_minutes))
    event.add("summary", session_title(session))
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    if session.place:
        event.add("location", session.place)
    elif session.link:
        event.add("location", session.link)
    if session.link:
        event.add("url", session.link)
    event.add("description", "\n".join(filter(None, [session.step.summary, session.link])))
    organizer = vCalAddress(f"mailto:{settings.HELPDESK_EMAIL}")
    organizer.params["cn"] = vText("CP Helpdesk")
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{member.email}")
    attendee.params.update({"cn": vText(member.full_name), "role": vText("REQ-PARTICIPANT"),
                            "partstat": vText("ACCEPTED"), "rsvp": vText("FALSE")})
    event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def due(now) -> list[SessionRegistration]:
    """The places at sessions starting within REMIND_BEFORE whose member has not been reminded."""
    return list(SessionRegistration.objects.filter(
        status=SessionRegistration.Status.REGISTERED, reminded_at__isnull=True,
        session__cancelled_at__isnull=True, session__starts_at__gt=now,
        session__starts_at__lte=now + REMIND_BEFORE, member__is_active=True,
    ).select_related("session__step__pathway", "member").order_by("session__starts_at", "id"))


def remind(registration: SessionRegistration, now) -> bool:
    """Remind one member of one session, unless someone did already; True when this call did."""
    with transaction.atomic():
        claimed = SessionRegistration.objects.filter(
            pk=registration.pk, reminded_at__isnull=True, status=SessionRegistration.Status.REGISTERED,
        ).update(reminded_at=now)
        if not claimed:
            return False
        session, member = registration.session, registration.member
        # Named by the registration, so that an erasure finds the member's invitation (`drop_invitations`).
        path = default_storage.save(f"{INVITATIONS}/{session.pk}/{registration.pk}-{uuid.uuid4().hex}.ics",
                                    ContentFile(invitation(registration)))
        language = member.preferred_language
        with translation.override(language):
            starts = formats.date_format(session.local_start, "DATETIME_FORMAT")
        queue_notification(
            template="learning/reminders/email/session_tomorrow", to=[member.email], language=language,
            context={"name": member.full_name, "title": session_title(session), "starts": starts,
                     "time_zone": session.time_zone, "place": session.place, "link": session.link,
                     "minutes": session.duration_minutes, "session_language": session.get_language_display(),
                     "url": settings.HELPDESK_BASE_URL.rstrip("/") + session.get_absolute_url()},
            attachments=[{"name": "invitation.ics", "content_type": "text/calendar; method=REQUEST",
                          "path": path}])
    return True


def prune_invitations(now) -> int:
    """Delete the stored invitations of sessions that started over KEEP_AFTER_START ago (or are gone)."""
    try:
        folders, _files = default_storage.listdir(INVITATIONS)
    except FileNotFoundError:
        return 0
    ids = {int(name) for name in folders if name.isdigit()}
    current = set(LiveSession.objects.filter(pk__in=ids, starts_at__gt=now - KEEP_AFTER_START)
                  .values_list("pk", flat=True))
    removed = 0
    for session_id in ids - current:
        folder = f"{INVITATIONS}/{session_id}"
        for name in default_storage.listdir(folder)[1]:
            default_storage.delete(f"{folder}/{name}")
            removed += 1
    return removed


def remind_sessions(now=None) -> int:
    """Remind every member due a reminder (the periodic task's work), and delete the invitations of sessions
    past; the number reminded."""
    now = now or timezone.now()
    reminded = sum(remind(registration, now) for registration in due(now))
    prune_invitations(now)
    return reminded


def drop_invitations(registrations) -> int:
    """Delete the stored invitations (which name their member) of `registrations`, before pruning would."""
    removed = 0
    for session_id, registration_id in registrations.values_list("session_id", "pk"):
        folder = f"{INVITATIONS}/{session_id}"
        if not default_storage.exists(folder):
            continue
        for name in default_storage.listdir(folder)[1]:
            if name.startswith(f"{registration_id}-"):
                default_storage.delete(f"{folder}/{name}")
                removed += 1
    return removed
