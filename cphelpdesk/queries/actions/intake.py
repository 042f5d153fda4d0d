"""New queries: references, attachments, the acknowledgement."""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core.inputs import clean_text
from cphelpdesk.core.languages import CODES
from cphelpdesk.core.notifications import queue_notification
from cphelpdesk.core.uploads import check_upload
from cphelpdesk.directory.models import Country, Member, Organisation
from cphelpdesk.queries import indexing, requester_links, routing, timeline
from cphelpdesk.queries.actions.base import _set_sla_dues
from cphelpdesk.queries.models import (
    Attachment,
    Channel,
    EventKind,
    Message,
    Query,
    QueryEvent,
    ReferenceCounter,
)
from cphelpdesk.queries.scanning import carries_personal_data
from cphelpdesk.queries.threading import query_headers
from cphelpdesk.taxonomy.models import Topic

# --- intake --------------------------------------------------------------------------------------

def next_reference(year: int) -> str:
    """CPH-<year>-<number>, numbered per year without gaps (the increment locks the counter row)."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        # One statement on the intake hot path (SQLite 3.35+ and PostgreSQL both return the new value).
        cursor.execute(f'UPDATE {table} SET "last" = "last" + 1 WHERE "year" = %s RETURNING "last"', [year])  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        ReferenceCounter.objects.get_or_create(year=year)
        return next_reference(year)
    return f"CPH-{year}-{row[0]:04d}"

# The interface languages, and Portuguese, which the Spanish desk also answers in.
QUERY_LANGUAGES = frozenset(CODES)


def _save_attachments(message: Message, uploads: Iterable) -> list[Attachment]:

    uploads = list(uploads or [])
    if len(uploads) > settings.HELPDESK_MAX_ATTACHMENTS:
        raise ValidationError(_("At most %(count)s files can be attached to one message.")
                              % {"count": settings.HELPDESK_MAX_ATTACHMENTS})
    # Every file is checked before any is stored, so a refused file leaves nothing behind.
    checked_uploads = [(upload, check_upload(upload)) for upload in uploads]
    saved = []
    for upload, checked in checked_uploads:
        attachment = Attachment(message=message, original_name=checked.name, content_type=checked.content_type,
                                size=checked.size, sha256=checked.sha256, sensitivity=message.sensitivity)
        attachment.file.save(checked.name, upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved


@transaction.atomic
def submit_query(
    *,
    subject: str,
    question: str,
    requester: Member | None = None,
    requester_name: str = "",
    requester_email: str = "",
    country: Country | None = None,
    organisation: Organisation | None = None,
    language: str = "en",
    topics: Iterable[Topic] = (),
    urgency: str = "standard",
    service_type: str = "question",
    needed_by=None,
    channel: str = Channel.WEB,
    attachments: Iterable = (),
    no_child_details_confirmed: bool = False,
    actor: Member | None = None,
    received_at: datetime | None = None,
    acknowledge: bool = True,
) -> Query:
    """Record a new query with its question as the first message, route it, and acknowledge it.

    Preconditions: a `requester` acting for themself must be an approved member (staff logging a
    phone call or meeting pass themself as `actor`); without a member, `requester_email` says who asked.
    """
    if requester is not None and actor is None and not requester.has_perm("directory.act_as_member"):
        raise PermissionDenied(_("Your membership must be approved before you can submit a query."))
    if actor is not None and not actor.has_perm("queries.log_query"):
        raise PermissionDenied(_("Only helpdesk officers can log queries for others."))
    subject, question = " ".join(clean_text(subject).split())[:250], clean_text(question)
    if not subject or not question:
        raise ValidationError(_("A query needs a subject and a question."))
    if language not in QUERY_LANGUAGES:
        raise ValidationError(_("Choose the language of the answer among %(languages)s.")
                              % {"languages": ", ".join(sorted(QUERY_LANGUAGES))})
    now = timezone.now()
    received_at = received_at or now
    topics = list(topics)
    query = Query(
        reference=next_reference(received_at.year),
        subject=subject,
        language=language,
        country=country or (requester.country if requester else None),
        requester=requester,
        requester_name=requester_name or (requester.full_name if requester else ""),
        requester_email=requester_email or (requester.email if requester else ""),
        organisation=organisation or (requester.organisation if requester else None),
        channel=channel,
        service_type=service_type,
        urgency=urgency,
        needed_by=needed_by,
        no_child_details_confirmed=no_child_details_confirmed,
        received_at=received_at,
        sensitivity=routing.default_sensitivity(topics),
    )
    query.desk = routing.desk_for(query)
    _set_sla_dues(query)
    if acknowledge and query.requester_email:
        query.acknowledged_at = now
    query.save()
    if topics:
        query.topics.set(topics)
    message = Message.objects.create(
        query=query, kind=Message.Kind.REQUESTER, author=requester, author_name=query.requester_name,
        body=question, sensitivity=query.sensitivity, created_at=received_at,
    )
    files = _save_attachments(message, attachments)
    # The timeline's events of intake are written together, in one insert.
    events = [timeline.event(query, EventKind.SUBMITTED, actor=actor or requester, actor_label=query.requester_name,
                             channel=channel, desk=query.desk.code if query.desk else None, attachments=len(files))]
    indexing.index_new(query, message=message, topics=topics)
    if query.acknowledged_at:
        events += _acknowledge(query, message)
    QueryEvent.objects.bulk_create(events)
    routing.alert_focal_points(query, topics)
    return query


def _acknowledge(query: Query, question: Message) -> list[QueryEvent]:
    """Tell the requester their query is registered; when their question carries personal data (a child's
    name and age, a phone number; not their own name or signature), one sentence of this mail asks them to
    leave such details out: never a mail of its own. Returns the timeline's events of it, for the caller to
    save."""
    events = [timeline.event(query, EventKind.ACKNOWLEDGED)]
    personal_data = carries_personal_data(question)
    if personal_data:
        events.append(timeline.event(query, EventKind.PERSONAL_DATA_NOTICE))
    queue_notification(
        template="queries/email/acknowledgement", to=[query.requester_email],
        headers=query_headers(query.reference, auto=True),
        language=query.requester_language,
        context={"reference": query.reference, "url": requester_links.follow_url(query, new=True),
                 "desk": query.desk, "personal_data": personal_data, **query.requester_mail_words()},
    )
    return events
