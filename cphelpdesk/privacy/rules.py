"""Who may run retention and place legal holds (autodiscovered by django-rules)."""

import rules

from cphelpdesk.directory.permissions import role_predicate
from cphelpdesk.directory.roles import Role

rules.add_perm("privacy.manage_retention", role_predicate(Role.MANAGER))
