"""What a query export holds: one row of metadata per query (no message content, nobody's name or address)
and, for a manager who asks for it with a reason, the subject and the messages as stored (redacted)."""

from collections.abc import Iterator
from datetime import UTC

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Organisation
from cphelpdesk.queries import selectors
from cphelpdesk.queries.models import Channel, Message, Outcome, Query, ServiceType, SLAClass, Status

# The audit action of every export (`actions.record_export`), which retention looks for to find content exports.
AUDIT_ACTION = "query_list.exported"
# Rows read from the database at a time: the export streams, it never holds every query.
CHUNK = 500
# An XLSX workbook is built whole in memory before it is sent: beyond this many rows (fewer with message
# content, which can run to 32 KB a cell) the CSV export, streamed, is the way.
XLSX_ROW_LIMIT = 50_000
XLSX_CONTENT_ROW_LIMIT = 5_000


def xlsx_row_limit(*, with_content: bool) -> int:
    """How many queries an XLSX export holds (CSV is streamed and holds any number)."""
    return XLSX_CONTENT_ROW_LIMIT if with_content else XLSX_ROW_LIMIT


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


def _labels() -> dict[str, dict]:
    """The choices' labels in the active language, looked up once per export (Django's `get_FOO_display`
    rebuilds and hashes the lazy choices on every call, most of the time of a large export)."""
    return {name: {value: str(label) for value, label in choices} for name, choices in (
        ("channel", Channel.choices), ("service_type", ServiceType.choices), ("sla_class", SLAClass.choices),
        ("status", Status.choices), ("outcome", Outcome.choices), ("sensitivity", Sensitivity.choices),
        ("organisation_type", Organisation.Type.choices), ("kind", Message.Kind.choices))}


def rows(queries: QuerySet[Query], *, with_content: bool) -> Iterator[list]:
    """One row per query of `selectors.queries_for_export`, in `header`'s order, read in chunks (with their
    prefetches) so that memory stays flat however many there are."""
    labels = _labels()

    def label(name: str, value):
        return labels[name].get(value, value)

    for query in queries.iterator(chunk_size=CHUNK):
        scores = [query.rating_appropriateness, query.rating_timeliness, query.rating_quality]
        organisation = query.organisation
        row = [
            query.reference, query.received_at, label("channel", query.channel), query.desk and query.desk.code,
            query.country, query.country and query.country.region, organisation and organisation.name,
            organisation and label("organisation_type", organisation.type), query.language,
            "; ".join(str(topic) for topic in query.topic_list), label("service_type", query.service_type),
            label("sla_class", query.sla_class), label("status", query.status), label("outcome", query.outcome),
            label("sensitivity", query.sensitivity), query.first_response_at, query.closed_at,
            query.referral_count, query.has_gap, *scores,
            round(sum(scores) / 3, 1) if None not in scores else None,
        ]
        if with_content:
            row += [query.subject, *_question_and_thread(query, labels["kind"])]
        yield row


def _question_and_thread(query: Query, kinds: dict[str, str]) -> tuple[str, str]:
    """The question, and every other message headed by when it was written and its kind (from `query.thread`,
    the messages the export prefetched in order)."""
    messages = query.thread
    question = selectors.question(query, messages)
    others = [f"[{message.created_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC, {kinds.get(message.kind, message.kind)}]\n"
              f"{message.body}" for message in messages if message is not question]
    return (question.body if question else ""), "\n\n".join(others)
