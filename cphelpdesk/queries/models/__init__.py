"""Query models, one module per entity family."""

from cphelpdesk.queries.models.events import EventKind, QueryEvent, ReferenceCounter
from cphelpdesk.queries.models.links import RequesterLink
from cphelpdesk.queries.models.messages import Attachment, Message
from cphelpdesk.queries.models.query import (
    OPEN_STATUSES,
    PAUSED_STATUSES,
    Channel,
    Outcome,
    Query,
    ServiceType,
    SLAClass,
    Status,
    Urgency,
)
from cphelpdesk.queries.models.sla import Holiday, SLATarget
from cphelpdesk.queries.models.work import Assignment, Gap, Referral

__all__ = [
    "OPEN_STATUSES", "PAUSED_STATUSES", "Assignment", "Attachment", "Channel", "EventKind", "Gap", "Holiday",
    "Message",
    "Outcome", "Query", "QueryEvent", "ReferenceCounter", "Referral", "RequesterLink", "SLAClass", "SLATarget",
    "ServiceType", "Status", "Urgency",
]
