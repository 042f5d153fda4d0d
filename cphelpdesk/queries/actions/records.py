"""What the audit log keeps of reading and exporting queries."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Member
from cphelpdesk.queries import exports
from cphelpdesk.queries.models import (
    Query,
)


def record_access(*, actor: Member, query: Query, attachment=None) -> None:
    """Record a look at a confidential or strictly confidential query, or a download of such a file, in the
    audit log (the website and the API both call this): every look at such data is answerable later."""
    level = max(query.sensitivity, attachment.sensitivity if attachment is not None else 0)
    if level < Sensitivity.CONFIDENTIAL:
        return
    if attachment is None:
        audit.record(actor=actor, action="query.viewed", target=query, sensitivity=level)
    else:
        audit.record(actor=actor, action="attachment.downloaded", target=attachment, query=query.reference,
                     sensitivity=level)


def record_export(*, actor: Member, file_format: str, filters: dict, queries: QuerySet, with_content: bool,
                  reason: str = "") -> int:
    """Record an export of `queries` in the audit log: who, which filters, how many rows, which format, and for
    an export with message content, the reason given and the references of the confidential and strictly
    confidential queries in it (each look at one is recorded; a bulk copy of their content is too). Only
    managers export content, with a reason. Returns the number of rows."""
    if not actor.has_perm("queries.export_queries") or (
            with_content and not actor.has_perm("queries.export_query_content")):
        raise PermissionDenied
    if with_content and not reason.strip():
        raise ValidationError(_("Say why you need the message content."))
    count = queries.count()
    details = {"reason": reason.strip(), "confidential": list(
        queries.filter(sensitivity__gte=Sensitivity.CONFIDENTIAL).order_by("reference")
        .values_list("reference", flat=True))} if with_content else {}
    audit.record(actor=actor, action=exports.AUDIT_ACTION, format=file_format, filters=filters, count=count,
                 with_content=with_content, **details)
    return count
