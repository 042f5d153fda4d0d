"""Who may see and change which resources.

- Visitors see published (and archived) resources open to everyone; approved members also those for
  members; helpdesk staff see every resource, drafts included, and the query a banked answer came from.
- Officers and managers curate: they edit any resource, review redaction flags, approve and publish.
- Technical experts add resources and edit their own drafts; someone else approves them.

`readable_resources` answers for lists and search, `can_read` for one resource; they must agree.
"""

from django.db.models import QuerySet

from cphelpdesk.directory.roles import Role
from cphelpdesk.library.models import Resource

VISIBLE_STATUSES = (Resource.Status.PUBLISHED, Resource.Status.ARCHIVED)


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
    queryset = Resource.objects.all() if queryset is None else queryset
    if is_staff(user):
        return queryset
    return queryset.filter(status__in=VISIBLE_STATUSES, visibility__in=audiences_for(user))


def can_read(user, resource: Resource) -> bool:
    if is_staff(user):
        return True
    return resource.status in VISIBLE_STATUSES and resource.visibility in audiences_for(user)


def is_curator(user) -> bool:
    return _active(user) and user.has_role(Role.OFFICER, Role.MANAGER)


def can_edit(user, resource: Resource) -> bool:
    """Curators edit anything; an expert edits their own draft."""
    if is_curator(user):
        return True
    return (_active(user) and user.has_role(Role.EXPERT) and resource.created_by_id == user.pk
            and resource.status == Resource.Status.DRAFT)
