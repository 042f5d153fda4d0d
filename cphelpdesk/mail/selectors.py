"""Reads of inbound and outbound mail, always through what the reader may see."""

from django.db.models import Q, QuerySet

from cphelpdesk.directory.roles import Role
from cphelpdesk.directory.selectors import desks_of
from cphelpdesk.mail.models import InboundMessage, OutboundMessage
from cphelpdesk.queries.access import visible_queries
from cphelpdesk.queries.selectors import REFERENCE


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


def visible_unsent(user, messages: list[OutboundMessage] | None = None) -> list[OutboundMessage]:
    """Outgoing mail that failed or still waits (or those of `messages`) that `user` may look after, failed
    first, newest first.

    An outgoing mail records no query, but every mail about a query names its reference in its subject
    (a test keeps that true): a mail naming a query the reader may not see is not theirs to read; one naming
    none (an account or survey mail) is any officer's. Managers see all of it. The list is short (what did
    not go), so it is filtered here rather than in SQL.
    """
    if not (user and user.is_authenticated and user.is_active) or not user.has_role(Role.OFFICER, Role.MANAGER):
        return []
    if messages is None:
        messages = list(OutboundMessage.objects.exclude(status=OutboundMessage.Status.SENT)
                        .order_by("status", "-created_at"))
    if user.has_role(Role.MANAGER):
        return messages
    named = {message.pk: {reference.upper() for reference in REFERENCE.findall(message.subject)}
             for message in messages}
    seen = set(visible_queries(user).filter(reference__in=set().union(*named.values()))
               .values_list("reference", flat=True))
    return [message for message in messages if named[message.pk] <= seen]
