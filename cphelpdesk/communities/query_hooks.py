"""What the communities add to the query page, through `queries.hooks` (registered in `CommunitiesConfig.ready`):
the threads a query was raised from, and for its officers the button that posts its answer back."""

from cphelpdesk.communities import helpdesk
from cphelpdesk.communities.access import is_helpdesk_officer
from cphelpdesk.queries import hooks
from cphelpdesk.queries.access import query_access


def staff_page(request, query) -> dict:
    threads = list(query.community_threads.select_related("community"))
    if not threads:
        return {}
    answer = helpdesk.answer_to_post(query)
    postable = (answer is not None and is_helpdesk_officer(request.user) and query_access(request.user, query).can_work
                and not helpdesk.answer_already_posted(query, answer))
    return {"community_threads": threads, "community_answer_postable": postable}


def register() -> None:
    hooks.register(hooks.STAFF_PAGE, staff_page)
