"""What feedback adds to the query service's mail and pages, through `queries.hooks` (registered in
`SurveysConfig.ready`): the rating link in the "answered" mail, the rating on the query page, the rating form
for its requester and the rating link on the page they follow their query on by link."""

from django.urls import reverse

from cphelpdesk.queries import hooks
from cphelpdesk.queries.models import Status
from cphelpdesk.surveys.actions import feedback_token, feedback_url, request_feedback
from cphelpdesk.surveys.forms import RatingForm
from cphelpdesk.surveys.selectors import feedback_for_requester, rating_of


def answer_mail(query) -> dict:
    """Open the rating link in the answer's transaction; a reopened query answered again gets a fresh one."""
    feedback = request_feedback(query=query)
    if not feedback:
        return {}
    return {"rate_url": feedback_url(feedback, query), "expires": feedback.expires_at.date().isoformat()}


def staff_page(request, query) -> dict:
    return {"rating": rating_of(query)}


def requester_page(request, query) -> dict:
    feedback = feedback_for_requester(query)
    return {"feedback": feedback, "forms": {"rating": RatingForm.for_rating(feedback.rating)} if feedback.open else {}}


def follow_page(request, query) -> dict:
    feedback = feedback_for_requester(query)
    rateable = feedback.open and query.status in {Status.ANSWERED, Status.CLOSED}
    rate_url = ""
    if rateable:
        rate_url = reverse("surveys:feedback", kwargs={"reference": query.reference,
                                                       "token": feedback_token(feedback.request)})
    return {"rate_url": rate_url, "rating": feedback.rating}


def register() -> None:
    hooks.register(hooks.ANSWER_MAIL, answer_mail)
    hooks.register(hooks.STAFF_PAGE, staff_page)
    hooks.register(hooks.REQUESTER_PAGE, requester_page)
    hooks.register(hooks.FOLLOW_PAGE, follow_page)
