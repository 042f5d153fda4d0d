"""Every change to a query, in one place: web, API, mail gateway and tasks all call these.

Each public function runs in one transaction, enforces the status lifecycle, writes its QueryEvent
and queues its notifications (sent by the worker after commit). Permission is checked here too, so
no channel can skip it; an illegal transition raises `InvalidTransition` with a clear message.

One module per part of the work (base: what they share); every public name is here.
"""

from cphelpdesk.queries.actions.base import ALLOWED_FROM, InvalidTransition, StaleForm
from cphelpdesk.queries.actions.gaps import create_gap, flag_gap, update_gap
from cphelpdesk.queries.actions.intake import next_reference, submit_query
from cphelpdesk.queries.actions.records import record_access, record_export
from cphelpdesk.queries.actions.referrals import (
    REFERRAL_SALT,
    ReferralLinkProblem,
    answer_referral,
    read_referral_link,
    refer,
    referral_token,
)
from cphelpdesk.queries.actions.work import (
    add_information,
    add_information_by_link,
    add_mail_follow_up,
    assign,
    close,
    close_as_individual_case,
    link_requester,
    mark_answered,
    merge,
    reopen,
    reply,
    triage,
    unassign,
    withdraw,
)

__all__ = [
    "ALLOWED_FROM",
    "REFERRAL_SALT",
    "InvalidTransition",
    "ReferralLinkProblem",
    "StaleForm",
    "add_information",
    "add_information_by_link",
    "add_mail_follow_up",
    "answer_referral",
    "assign",
    "close",
    "close_as_individual_case",
    "create_gap",
    "flag_gap",
    "link_requester",
    "mark_answered",
    "merge",
    "next_reference",
    "read_referral_link",
    "record_access",
    "record_export",
    "refer",
    "referral_token",
    "reopen",
    "reply",
    "submit_query",
    "triage",
    "unassign",
    "update_gap",
    "withdraw",
]
