"""Where a new query goes: its desk, its SLA class, its default sensitivity, and which regional
focal points hear of it."""

from collections.abc import Iterable

from cphelpdesk.core.config_cache import ConfigCache
from cphelpdesk.core.notifications import absolute_url, queue_notification, unsubscribe_headers
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.models import Desk, FocalPoint
from cphelpdesk.queries import timeline
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import EventKind, Query, ServiceType, SLAClass, Urgency
from cphelpdesk.taxonomy.models import Topic

# Topics whose queries are coordination or information-management requests (DESIGN.md).
FOCAL_POINT_TOPIC_ROOTS = ("COORD", "IM")
DESKS = ConfigCache(["directory.Desk"])
COMPLEX_SERVICES = {ServiceType.RESEARCH, ServiceType.DOCUMENT_REVIEW}


def desk_for(query: Query) -> Desk | None:
    """The language desk that answers in the query's language; when several do, the requester's
    country's own desk if it is one of them; when none does, the country's desk, else the global desk."""
    desks = DESKS.get("all", lambda: list(Desk.objects.order_by("is_global", "code")))
    speaking = [desk for desk in desks if not desk.is_global and query.language in (desk.languages or [])]
    country_desk_id = query.country.desk_id if query.country_id else None
    if speaking:
        return next((desk for desk in speaking if desk.pk == country_desk_id), speaking[0])
    return next((desk for desk in desks if desk.pk == country_desk_id), None) or next(
        (desk for desk in desks if desk.is_global), None)


def sla_class_for(query: Query) -> str:
    if query.urgency == Urgency.URGENT:
        return SLAClass.URGENT
    if query.service_type in COMPLEX_SERVICES:
        return SLAClass.COMPLEX
    return SLAClass.STANDARD


def default_sensitivity(topics: Iterable[Topic]) -> int:
    """Restricted, or confidential when a topic is sensitive (e.g. CAAFAG, sexual violence)."""
    return Sensitivity.CONFIDENTIAL if any(topic.sensitive for topic in topics) else Sensitivity.RESTRICTED


def needs_focal_point(topics: Iterable[Topic]) -> bool:
    return any(topic.code.split(".")[0] in FOCAL_POINT_TOPIC_ROOTS for topic in topics)


def alert_focal_points(query: Query, topics: Iterable[Topic] | None = None) -> list[str]:
    """Tell the region's focal points of a coordination or IM request; returns who was told.

    `topics`: the query's topics when the caller has them at hand (saves reading them again)."""
    topics = query.topics.all() if topics is None else topics
    if query.country is None or query.country.region_id is None or not needs_focal_point(topics):
        return []

    focal_points = FocalPoint.objects.filter(region=query.country.region_id, member__is_active=True)
    told = []
    for focal_point in focal_points.select_related("member"):
        member = focal_point.member
        if not query_access(member, query).can_view:
            continue  # e.g. a strictly confidential query: the alert itself would name it
        if "focal_point_alerts" in (member.muted_notifications or []):
            continue
        headers, unsubscribe_url = unsubscribe_headers(member, "focal_point_alerts")
        queue_notification(
            template="queries/email/focal_point_alert", to=[member.email], language=member.preferred_language,
            headers=headers,
            context={"reference": query.reference, "subject": query.subject, "country": query.country.name,
                     "url": absolute_url("queries:detail", reference=query.reference),
                     "unsubscribe_url": unsubscribe_url},
        )
        told.append(member.email)
    if told:
        timeline.record(query, EventKind.FOCAL_POINTS_ALERTED, count=len(told))
    return told
