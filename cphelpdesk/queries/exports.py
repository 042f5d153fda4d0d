"""What a query export holds: one row of metadata per query (no message content, nobody's name or address)
and, for a manager who asks for it with a reason, the subject and the messages as stored (redacted)."""

from collections.abc import Iterator
from datetime import UTC

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.queries.models import Message, Query

FORMATS = ("csv", "xlsx")
# Rows read from the database at a time: the export streams, it never holds every query.
CHUNK = 500
# An XLSX workbook is built whole before it is sent; beyond this many rows the CSV export (streamed) is the way.
XLSX_ROW_LIMIT = 50_000


def header(*, with_content: bool) -> list[str]:
    """The column titles, in the reader's language; times are UTC."""
    columns = [
        _("Reference"), _("Received (UTC)"), _("Channel"), _("Desk"), _("Country"), _("Region"),
        _("Organisation"), _("Organisation type"), _("Language"), _("Topics"), _("Service type"), _("SLA class"),
        _("Status"), _("Outcome"), _("Sensitivity"), _("First response (UTC)"), _("Closed (UTC)"),
        _("Referrals"), _("Gap in guidance linked"), _("Rating: appropriateness"), _("Rating: timeliness"),
        _("Rating: quality"), _("Rating: overall"),
    ]
    if with_content:
        columns += [_("Subject"), _("Question"), _("Other messages")]
    return columns


def rows(queries: QuerySet[Query], *, with_content: bool) -> Iterator[list]:
    """One row per query of `selectors.queries_for_export`, in `header`'s order, read in chunks (with their
    prefetches) so that memory stays flat however many there are."""
    for query in queries.iterator(chunk_size=CHUNK):
        scores = [query.rating_appropriateness, query.rating_timeliness, query.rating_quality]
        organisation = query.organisation
        row = [
            query.reference, query.received_at, query.get_channel_display(), query.desk and query.desk.code,
            query.country, query.country and query.country.region, organisation and organisation.name,
            organisation and organisation.get_type_display(), query.language,
            "; ".join(str(topic) for topic in query.topics.all()), query.get_service_type_display(),
            query.get_sla_class_display(), query.get_status_display(), query.get_outcome_display(),
            Sensitivity(query.sensitivity).label, query.first_response_at, query.closed_at,
            query.referral_count, query.has_gap, *scores,
            round(sum(scores) / 3, 1) if None not in scores else None,
        ]
        if with_content:
            row += [query.subject, *_question_and_thread(query.thread)]
        yield row


def _question_and_thread(messages: list[Message]) -> tuple[str, str]:
    """The requester's first message, and every other message headed by when it was written and its kind."""
    question = next((message for message in messages if message.kind == Message.Kind.REQUESTER), None)
    others = [f"[{message.created_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC, {message.get_kind_display()}]\n"
              f"{message.body}" for message in messages if message is not question]
    return (question.body if question else ""), "\n\n".join(others)
