"""Who may do what with personal-data requests (autodiscovered by django-rules)."""

import rules

from cphelpdesk.directory.permissions import is_officer

rules.add_perm("privacy.handle_data_requests", is_officer)
