"""Who may see and do what on a query, honouring sensitivity levels (the rules in DESIGN.md).

- Requesters see their own queries: their messages and the replies, never internal notes.
- Officers and managers see every query; a strictly confidential one only if they are a manager,
  work on its desk or are assigned to it.
- Experts see the queries assigned to them.
- Regional focal points see queries referred to them, and queries from their region's countries up
  to confidential (not strictly confidential).
- Administrators and visitors see no query content.

`query_access` answers for one query, `visible_queries` for lists; the two must always agree
(tests check them side by side).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.roles import Role
from cphelpdesk.directory.selectors import desks_of
from cphelpdesk.queries.models import Assignment, Attachment, Message, Query, Referral


@dataclass(frozen=True)
class Access:
    """What one person may see on one query."""

    requester: bool = False  # the requester's view: no internal notes
    staff: bool = False  # works on the query: sees notes and the timeline
    max_sensitivity: int = -1  # highest message/attachment level shown (staff only)
    can_work: bool = False  # triage, assign, refer, answer, close, merge (officers, managers)

    @property
    def can_view(self) -> bool:
        return self.requester or self.staff

    @property
    def can_reply(self) -> bool:
        return self.staff


NO_ACCESS = Access()


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def query_access(user, query: Query) -> Access:
    """What `user` may see and do on `query`."""
    if not _active(user):
        return NO_ACCESS
    if user.has_role(Role.MANAGER):
        return Access(staff=True, max_sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL, can_work=True)
    assigned = query.assignments.filter(member=user, ended_at__isnull=True).exists()
    if user.has_role(Role.OFFICER):
        strict = query.sensitivity >= Sensitivity.STRICTLY_CONFIDENTIAL
        if not strict or assigned or _on_desk(user, query):
            return Access(staff=True, max_sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL, can_work=True)
    if assigned and user.has_role(Role.EXPERT, Role.FOCAL_POINT, Role.OFFICER):
        return Access(staff=True, max_sensitivity=Sensitivity.STRICTLY_CONFIDENTIAL)
    if user.has_role(Role.FOCAL_POINT):
        referred = query.referrals.filter(recipient=user).exists()
        in_region = (query.country_id is not None and query.sensitivity <= Sensitivity.CONFIDENTIAL
                     and query.country.region_id in _focal_regions(user))
        if referred or in_region:
            return Access(staff=True, max_sensitivity=Sensitivity.CONFIDENTIAL)
    if query.requester_id == user.pk:
        return Access(requester=True)
    return NO_ACCESS


def visible_queries(user, queryset: QuerySet[Query] | None = None) -> QuerySet[Query]:
    """The queries `user` may see (as staff or as their requester)."""
    queryset = Query.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if user.has_role(Role.MANAGER):
        return queryset
    # Cheap column checks first; the assignment and referral checks are correlated EXISTS, evaluated
    # only for rows the cheap checks did not already admit (this keeps the 100k-row queue fast).
    condition = Q()
    if user.has_role(Role.OFFICER):
        condition |= Q(sensitivity__lt=Sensitivity.STRICTLY_CONFIDENTIAL) | Q(desk__in=_desk_ids(user))
    if user.has_role(Role.FOCAL_POINT):
        condition |= Q(country__region__in=_focal_regions(user), sensitivity__lte=Sensitivity.CONFIDENTIAL)
    condition |= Q(requester=user)
    if user.has_role(Role.OFFICER, Role.EXPERT, Role.FOCAL_POINT):
        condition |= Exists(Assignment.objects.filter(query=OuterRef("pk"), member=user, ended_at__isnull=True))
    if user.has_role(Role.FOCAL_POINT):
        condition |= Exists(Referral.objects.filter(query=OuterRef("pk"), recipient=user))
    return queryset.filter(condition)


def staff_queue_visible(user) -> bool:
    """Whether `user` has a staff queue at all (administrators do not)."""
    return _active(user) and user.has_role(Role.OFFICER, Role.MANAGER, Role.EXPERT, Role.FOCAL_POINT)


def can_answer_referral(user, referral: Referral) -> bool:
    """Whether `user`, signed in, may answer `referral`: the member it was sent to (anyone else answers through
    the signed link the recipient was mailed, which is its own credential)."""
    return _active(user) and referral.recipient_id == user.pk


def visible_messages(access: Access, query: Query) -> QuerySet[Message]:
    """The messages of `query` that someone with `access` may read, oldest first."""
    messages = query.messages.all()
    if access.staff:
        return messages.filter(sensitivity__lte=access.max_sensitivity)
    if access.requester:
        return messages.exclude(kind=Message.Kind.NOTE)
    return messages.none()


def can_see_message(access: Access, message: Message) -> bool:
    """The per-object twin of `visible_messages`."""
    if access.staff:
        return message.sensitivity <= access.max_sensitivity
    return access.requester and message.kind != Message.Kind.NOTE


def visible_attachments(access: Access, query: Query) -> QuerySet[Attachment]:
    """The files of `query` that someone with `access` may open: those of messages they may read, and for
    staff only up to their sensitivity level."""
    attachments = Attachment.objects.filter(message__in=visible_messages(access, query))
    return attachments.filter(sensitivity__lte=access.max_sensitivity) if access.staff else attachments


def can_see_attachment(access: Access, attachment: Attachment) -> bool:
    """The per-object twin of `visible_attachments`."""
    return can_see_message(access, attachment.message) and (
        not access.staff or attachment.sensitivity <= access.max_sensitivity)


def _on_desk(user, query: Query) -> bool:
    return query.desk_id is not None and query.desk_id in _desk_ids(user)


def _desk_ids(user) -> set[int]:
    if not hasattr(user, "_desk_ids"):
        user._desk_ids = set(desks_of(user).values_list("pk", flat=True))
    return user._desk_ids


def _focal_regions(user) -> set[int]:
    if not hasattr(user, "_focal_regions"):
        user._focal_regions = set(user.focal_points.values_list("region_id", flat=True))
    return user._focal_regions
