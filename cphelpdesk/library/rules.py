"""Who may do what in the repository (autodiscovered by django-rules); the checks live in access.py."""

import rules

from cphelpdesk.directory.permissions import is_officer, role_predicate
from cphelpdesk.directory.roles import Role
from cphelpdesk.library import access


@rules.predicate
def can_read(user, resource) -> bool:
    return resource is not None and access.can_read(user, resource)


@rules.predicate
def can_edit(user, resource) -> bool:
    return resource is not None and access.can_edit(user, resource)


@rules.predicate
def is_staff(user) -> bool:
    return access.is_staff(user)


rules.add_perm("library.read_resource", can_read)
rules.add_perm("library.create_resource", is_officer | role_predicate(Role.EXPERT))
rules.add_perm("library.edit_resource", can_edit)
rules.add_perm("library.curate", is_officer)
# Curating one resource: officers, on a resource they may read (a banked draft follows its query).
rules.add_perm("library.curate_resource", is_officer & can_read)
rules.add_perm("library.see_drafts", is_staff)
