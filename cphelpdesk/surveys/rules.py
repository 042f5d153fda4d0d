"""Who may run survey campaigns (autodiscovered by django-rules): managers (DESIGN.md: "survey campaigns")."""

import rules

from cphelpdesk.directory.permissions import role_predicate
from cphelpdesk.directory.roles import Role

rules.add_perm("surveys.manage_campaigns", role_predicate(Role.MANAGER))
