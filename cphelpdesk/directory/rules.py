"""Who may do what in the directory (autodiscovered by django-rules)."""

import rules

from cphelpdesk.directory.permissions import (
    is_administrator,
    is_approved_member,
    is_helpdesk_staff,
    is_officer,
    is_self,
)

rules.add_perm("directory.view_staff_pages", is_helpdesk_staff)
rules.add_perm("directory.approve_member", is_officer)
# Acting as a member (submitting, posting, rating, enrolling) waits for an officer's approval.
rules.add_perm("directory.act_as_member", is_approved_member)
rules.add_perm("directory.view_member", is_self | is_officer | is_administrator)
rules.add_perm("directory.record_outreach", is_officer)
