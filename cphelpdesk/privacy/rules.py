"""Who may handle personal-data requests, run retention and place legal holds (autodiscovered by django-rules)."""

import rules

from cphelpdesk.directory.permissions import is_officer, role_predicate
from cphelpdesk.directory.roles import Role

rules.add_perm("privacy.handle_data_requests", is_officer)
rules.add_perm("privacy.manage_retention", role_predicate(Role.MANAGER))
