"""Reads of inbound mail, always through what the reader may see."""

from django.db.models import Q, QuerySet

from cphelpdesk.directory.roles import Role
from cphelpdesk.directory.selectors import desks_of
from cphelpdesk.mail.models import InboundMessage
from cphelpdesk.queries.access import visible_queries


def visible_inbound(user, queryset: QuerySet[InboundMessage] | None = None) -> QuerySet[InboundMessage]:
    """The inbound messages `user` may look after: those of a query they may see (the query's own rule,
    `queries.access.visible_queries`), and mail of no query addressed to one of their desks; managers
    see all of it."""
    queryset = InboundMessage.objects.all() if queryset is None else queryset
    if not (user and user.is_authenticated and user.is_active) or not user.has_role(Role.OFFICER, Role.MANAGER):
        return queryset.none()
    if user.has_role(Role.MANAGER):
        return queryset
    return queryset.filter(Q(query__in=visible_queries(user).values("pk"))
                           | Q(query__isnull=True, desk__in=desks_of(user).values("pk")))
