"""Who may read the audit log (autodiscovered by django-rules)."""

import rules

from cphelpdesk.directory.permissions import role_predicate
from cphelpdesk.directory.roles import Role

rules.add_perm("core.read_audit_log", role_predicate(Role.MANAGER))
