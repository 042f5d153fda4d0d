"""Who may see insight (autodiscovered by django-rules): managers (DESIGN.md: "plus insight")."""

import rules

from cphelpdesk.directory.permissions import role_predicate
from cphelpdesk.directory.roles import Role

is_manager = role_predicate(Role.MANAGER)

rules.add_perm("insight.view_dashboard", is_manager)
