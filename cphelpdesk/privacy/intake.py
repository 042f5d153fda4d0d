"""Personal data caught at intake: every message and attachment of a query is scanned in the worker;
officers redact findings in place or dismiss them. The requester is told, kindly, in one sentence of the
acknowledgement when their question carries details of a child or another person (`carries_personal_data`);
their own name, greeting and signature are set aside (`detection.senders`, through `queries.scanning`).

Redaction leaves no copy of the removed text: not in the message, the finding, the events, the audit log,
the search index, the outbox, nor the raw copy of the mail it came in.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.core.erasure import remove_text
from cphelpdesk.detection.detector import find_personal_data, placeholder
from cphelpdesk.mail.models import InboundMessage, OutboundMessage
from cphelpdesk.privacy.models import Finding
from cphelpdesk.queries import indexing, timeline
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import Attachment, EventKind, Message, Query
from cphelpdesk.queries.scanning import findings_in, sender_names

# A scan reports at most this many findings per message (a spreadsheet of phone numbers is one problem).
MAX_FINDINGS = 50


def _record(query, findings, **where) -> list[Finding]:
    seen, rows = set(), []
    for item in findings:
        if (item.kind, item.text) in seen or len(rows) >= MAX_FINDINGS:
            continue
        seen.add((item.kind, item.text))
        rows.append(Finding(query=query, kind=item.kind, text=item.text[:300], **where))
    return Finding.objects.bulk_create(rows)


def _after_scan(query, created: list[Finding]) -> None:
    if not created:
        return
    Query.objects.filter(pk=query.pk).update(personal_data=True)
    kinds = sorted({finding.kind for finding in created})
    timeline.record(query, EventKind.PERSONAL_DATA_FOUND, kinds=kinds, count=len(created))


@transaction.atomic
def scan_message(message) -> list[Finding]:
    """Look for personal data in one message (once: a scanned message is not scanned again)."""
    message = Message.objects.select_for_update(of=("self",)).select_related("query__requester").get(pk=message.pk)
    if message.scanned_at is not None:
        return []
    query = message.query
    first = not query.messages.filter(created_at__lt=message.created_at).exists()
    created = _record(query, findings_in(message, first=first), message=message)
    Message.objects.filter(pk=message.pk).update(scanned_at=timezone.now())
    _after_scan(message.query, created)
    return created


def scan_messages(message_ids: list[int]) -> int:
    """Scan a batch of messages; returns how many were waiting. The detector runs before any write: the
    messages it finds nothing in (nearly all) are marked scanned together, in one statement, and only the
    others go through `scan_message`, one transaction each. A burst of mail costs one write, not one each."""
    waiting = (Message.objects.filter(pk__in=message_ids, scanned_at__isnull=True)
               .select_related("query__requester")
               .annotate(follows=Exists(Message.objects.filter(query=OuterRef("query_id"),
                                                               created_at__lt=OuterRef("created_at")))))
    clean, count = [], 0
    for message in waiting:
        count += 1
        if findings_in(message, first=not message.follows):
            scan_message(message)
        else:
            clean.append(message.pk)
    # Still unscanned: a message scanned meanwhile by another run is not touched again.
    Message.objects.filter(pk__in=clean, scanned_at__isnull=True).update(scanned_at=timezone.now())
    return count


@transaction.atomic
def scan_attachment(attachment, text: str) -> list[Finding]:
    """Record what the detector finds in an attachment's extracted `text`."""
    attachment = (Attachment.objects.select_for_update(of=("self",)).select_related("message__query__requester")
                  .get(pk=attachment.pk))
    if attachment.scanned_at is not None:
        return []
    query = attachment.message.query
    created = _record(query, find_personal_data(text, query.language, sender_names=sender_names(attachment.message)),
                      attachment=attachment, message=attachment.message)
    Attachment.objects.filter(pk=attachment.pk).update(scanned_at=timezone.now())
    _after_scan(query, created)
    return created


def _refresh_flag(query) -> None:
    open_ = query.personal_data_findings.filter(state=Finding.State.OPEN).exists()
    Query.objects.filter(pk=query.pk).update(personal_data=open_)


def _require_officer(actor, query) -> None:
    if not query_access(actor, query).can_work:
        raise PermissionDenied(_("Only officers working on this query can review its personal data."))


@transaction.atomic
def redact(*, actor, finding: Finding) -> None:
    """Remove the found text from its message, or the file from the query, and every copy of it."""
    finding = (Finding.objects.select_for_update(of=("self",)).select_related("query", "message", "attachment")
               .get(pk=finding.pk))
    _require_officer(actor, finding.query)
    if finding.state != Finding.State.OPEN:
        raise ValidationError(_("This finding was already dealt with."))
    found, kind = finding.text, finding.kind
    if finding.attachment_id:
        finding.attachment.file.delete(save=False)
        finding.attachment.delete()  # its other findings go with it
    else:
        message, replacement = finding.message, placeholder(kind)
        for field in ("body", "body_html", "reply_text"):
            setattr(message, field, remove_text(getattr(message, field), found, replacement))
        message.save(update_fields=["body", "body_html", "reply_text"])
        query = finding.query
        query.subject = remove_text(query.subject, found, replacement)[:250]
        query.save(update_fields=["subject"])
        _scrub_copies(query, found, replacement)
    Finding.objects.filter(pk=finding.pk).update(state=Finding.State.REDACTED, text="", resolved_by=actor,
                                                 resolved_at=timezone.now())
    # Other findings of the same text on this query are resolved by the same removal.
    Finding.objects.filter(query=finding.query, state=Finding.State.OPEN, text=found).update(
        state=Finding.State.REDACTED, text="", resolved_by=actor, resolved_at=timezone.now())
    timeline.record(finding.query, EventKind.PERSONAL_DATA_REDACTED, actor=actor, kind=kind,
                    file=bool(finding.attachment_id))
    audit.record(actor=actor, action="query.personal_data_redacted", target=finding.query, kind=kind)
    _refresh_flag(finding.query)
    indexing.index(finding.query)


def _scrub_copies(query, found: str, replacement: str) -> None:
    """The outbox's rendered mails and the raw mails of the query lose the text too."""
    for outbound in OutboundMessage.objects.filter(body__icontains=found):
        OutboundMessage.objects.filter(pk=outbound.pk).update(body=remove_text(outbound.body, found, replacement),
                                                              subject=remove_text(outbound.subject, found,
                                                                                  replacement))
    # A raw mail may carry the text encoded (base64, quoted-printable): it cannot be edited reliably,
    # so the raw copy of each of this query's mails is dropped, keeping its headers summary and outcome.
    for inbound in InboundMessage.objects.filter(query=query).only("pk", "subject"):
        InboundMessage.objects.filter(pk=inbound.pk).update(
            raw=b"", size=0, subject=remove_text(inbound.subject, found, replacement))


@transaction.atomic
def dismiss(*, actor, finding: Finding) -> None:
    """Not personal data (an officer's judgement, recorded)."""
    finding = Finding.objects.select_for_update().select_related("query").get(pk=finding.pk)
    _require_officer(actor, finding.query)
    if finding.state != Finding.State.OPEN:
        raise ValidationError(_("This finding was already dealt with."))
    Finding.objects.filter(pk=finding.pk).update(state=Finding.State.DISMISSED, resolved_by=actor,
                                                 resolved_at=timezone.now())
    timeline.record(finding.query, EventKind.PERSONAL_DATA_DISMISSED, actor=actor, kind=finding.kind)
    _refresh_flag(finding.query)
