"""Who may do what with queries (autodiscovered by django-rules); object checks live in access.py."""

import rules

from cphelpdesk.directory.permissions import is_approved_member, is_officer, role_predicate
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries.access import query_access, staff_queue_visible


@rules.predicate
def can_read(user, query) -> bool:
    return query is not None and query_access(user, query).can_view


@rules.predicate
def can_work(user, query) -> bool:
    return query is not None and query_access(user, query).can_work


@rules.predicate
def can_reply(user, query) -> bool:
    return query is not None and query_access(user, query).can_reply


@rules.predicate
def has_queue(user) -> bool:
    return staff_queue_visible(user)


# Names avoid Django's add/change/delete/view prefixes so that they never mean model permissions.
rules.add_perm("queries.submit_query", is_approved_member)
rules.add_perm("queries.log_query", is_officer)
rules.add_perm("queries.use_queue", has_queue)
rules.add_perm("queries.read_query", can_read)
rules.add_perm("queries.work_on_query", can_work)
rules.add_perm("queries.reply_to_query", can_reply)
rules.add_perm("queries.manage_gaps", is_officer)
rules.add_perm("queries.read_gaps", has_queue)
# Exports: officers and managers, of the queries they may see; message content only for managers.
rules.add_perm("queries.export_queries", is_officer)
rules.add_perm("queries.export_query_content", role_predicate(Role.MANAGER))
