"""Who may see and change which resources.

- Visitors see published (and archived) resources open to everyone; approved members also those for
  members; helpdesk staff see every resource, drafts included, and the query a banked answer came from.
- A draft banked from a query (still in draft or review, so before the personal-data review and the
  second approval) holds that query's content: only those who may see the query see it
  (`queries.access`), so never the administrator, and an expert or focal point only as for the query;
  an unpublished translation of such a draft likewise.
- A draft banked from a community thread (`curators_only`) holds what subscribers wrote, before the same review:
  only officers and managers see it until it is published, whatever the community's archive allows.
- Officers and managers curate: they edit any resource they may read, review redaction flags, approve and
  publish.
- Technical experts add resources and edit their own drafts; someone else approves them.

`readable_resources` answers for lists and search, `can_read` for one resource; they must agree.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from cphelpdesk.directory.roles import Role
from cphelpdesk.library.models import Resource
from cphelpdesk.queries.access import query_access, visible_queries

VISIBLE_STATUSES = (Resource.Status.PUBLISHED, Resource.Status.ARCHIVED)
# Not yet through the personal-data review and second approval.
UNPUBLISHED_STATUSES = (Resource.Status.DRAFT, Resource.Status.IN_REVIEW)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_staff(user) -> bool:
    return _active(user) and user.is_helpdesk_staff


def audiences_for(user) -> frozenset[str]:
    """The visibility levels `user` may read."""
    if is_staff(user):
        return frozenset(Resource.Visibility.values)
    if _active(user) and user.is_approved:
        return frozenset({Resource.Visibility.PUBLIC, Resource.Visibility.MEMBERS})
    return frozenset({Resource.Visibility.PUBLIC})


def readable_resources(user, queryset: QuerySet[Resource] | None = None) -> QuerySet[Resource]:
    """The resources `user` may read."""
    queryset = Resource.objects.all() if queryset is None else queryset
    if is_staff(user):
        visible = visible_queries(user)
        curator = is_curator(user)

        def may_see(prefix: str = "") -> Q:
            # The banked content of an unpublished resource (or, through `prefix`, of its original). Tested per
            # resource (EXISTS): an IN over every query the reader may see is built whole, for published
            # resources too (24 ms at 24,000 queries on PostgreSQL for five resources).
            banked = Exists(visible.filter(pk=OuterRef(f"{prefix}source_query")))
            allowed = Q(**{f"{prefix}source_query__isnull": True}) | banked
            return allowed if curator else allowed & Q(**{f"{prefix}curators_only": False})

        return queryset.filter(~Q(status__in=UNPUBLISHED_STATUSES) | (
            may_see() & (Q(translation_of__isnull=True) | ~Q(translation_of__status__in=UNPUBLISHED_STATUSES)
                         | may_see("translation_of__"))))
    return queryset.filter(status__in=VISIBLE_STATUSES, visibility__in=audiences_for(user))


def can_read(user, resource: Resource) -> bool:
    """The per-object twin of `readable_resources`."""
    if is_staff(user):
        # An unpublished translation of a banked draft carries the draft's content too.
        return resource.status not in UNPUBLISHED_STATUSES or all(
            _may_see_banked_content(user, item) for item in (resource, resource.translation_of) if item)
    return resource.status in VISIBLE_STATUSES and resource.visibility in audiences_for(user)


def _may_see_banked_content(user, resource: Resource) -> bool:
    """False for a draft banked from a query `user` may not see, or from a community thread by anyone but a
    curator."""
    if resource.status not in UNPUBLISHED_STATUSES:
        return True
    if resource.curators_only and not is_curator(user):
        return False
    return resource.source_query_id is None or query_access(user, resource.source_query).can_view


def is_curator(user) -> bool:
    return _active(user) and user.has_role(Role.OFFICER, Role.MANAGER)


def can_edit(user, resource: Resource) -> bool:
    """Curators edit anything they may read; an expert edits their own draft."""
    if not can_read(user, resource):
        return False
    if is_curator(user):
        return True
    return (_active(user) and user.has_role(Role.EXPERT) and resource.created_by_id == user.pk
            and resource.status == Resource.Status.DRAFT)
