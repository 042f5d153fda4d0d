"""What learning adds to the query page, through `queries.hooks` (registered in `LearningConfig.ready`): the
learning recommended on the query, and for officers who work on it a form to recommend a pathway, a step or a
session (a learning referral, counted in insight); its requester sees what was recommended."""

from cphelpdesk.learning import access
from cphelpdesk.learning.forms import RecommendForm
from cphelpdesk.learning.models import LearningReferral
from cphelpdesk.queries import hooks


def _recommended(query) -> list[LearningReferral]:
    return list(query.learning_referrals.select_related("pathway", "step", "session", "recommended_by"))


def staff_page(request, query) -> dict:
    may_recommend = access.is_officer(request.user) and request.user.has_perm("queries.work_on_query", query)
    return {"learning_referrals": _recommended(query), "learning_form": RecommendForm() if may_recommend else None}


def requester_page(request, query) -> dict:
    return {"learning_referrals": _recommended(query)}


def register() -> None:
    hooks.register(hooks.STAFF_PAGE, staff_page)
    hooks.register(hooks.REQUESTER_PAGE, requester_page)
