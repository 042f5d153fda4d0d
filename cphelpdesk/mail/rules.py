"""Who may look after inbound mail (autodiscovered by django-rules)."""

import rules

from cphelpdesk.directory.permissions import is_officer

rules.add_perm("mail.look_after_inbound", is_officer)
