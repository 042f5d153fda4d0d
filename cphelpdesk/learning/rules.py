"""Who may do what in learning (autodiscovered by django-rules); the checks live in access.py."""

import rules

from cphelpdesk.learning import access


@rules.predicate
def is_learner(user) -> bool:
    return access.is_learner(user)


@rules.predicate
def is_facilitator(user) -> bool:
    return access.is_facilitator(user) or access.is_officer(user)


@rules.predicate
def leads_a_team(user) -> bool:
    return access.is_learner(user) and access.team_of(user).exists()


rules.add_perm("learning.learn", is_learner)
rules.add_perm("learning.facilitate", is_facilitator)
rules.add_perm("learning.follow_team", leads_a_team)


@rules.predicate
def runs_learning(user) -> bool:
    return access.is_officer(user)


rules.add_perm("learning.manage_certificates", runs_learning)
