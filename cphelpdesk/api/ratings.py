"""The member's own ratings through the API: the ratings they gave, and rating the answer to their query as on
its page on the website (`surveys.actions.submit_rating`: only the requester, while the feedback request is
open)."""

from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from cphelpdesk.api.conditional import keyset_page, next_url
from cphelpdesk.api.problems import Problem, problem
from cphelpdesk.api.schemas import RatingFilters, RatingIn, RatingOut, RatingPage
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import Query as QueryModel
from cphelpdesk.surveys import actions
from cphelpdesk.surveys.models import FeedbackRequest, Rating

router = Router(tags=["ratings"])


def _representation(rating: Rating) -> dict:
    return {"query": rating.query.reference, "appropriateness": rating.appropriateness,
            "timeliness": rating.timeliness, "quality": rating.quality, "comment": rating.comment,
            "submitted_at": rating.submitted_at, "updated_at": rating.updated_at}


@router.get("/ratings", response=RatingPage, summary="List the ratings you gave")
def list_ratings(request, response: HttpResponse, filters: Query[RatingFilters]):
    """The ratings of the answers to your queries, newest first; `next` (and the `Link` header) leads to the
    following page."""
    ratings = Rating.objects.filter(query__requester=request.user).select_related("query")
    page, cursor = keyset_page(ratings, "submitted_at", filters.cursor, filters.page_size, "ratings")
    following = next_url(request, cursor)
    if following:
        response["Link"] = f'<{following}>; rel="next"'
    return {"next": following, "results": [_representation(rating) for rating in page]}


def _rate(request, reference: str, payload: RatingIn, *, change: bool):
    """Rate the answer to the requester's query (`change`: or change their rating); 404 for anyone else, as on
    the website, and 409 once the query no longer takes a rating."""
    query = QueryModel.objects.filter(reference=reference[:20]).first()
    if query is None or query.requester_id != request.user.pk or not query_access(request.user, query).can_view:
        raise Http404
    with transaction.atomic():
        # Under the feedback request's lock, which submit_rating takes too: two first ratings cannot both pass.
        list(FeedbackRequest.objects.select_for_update().filter(query=query).values_list("pk"))
        if not change and Rating.objects.filter(query=query).exists():
            return problem(request, "invalid-transition",
                           _("You have already rated this answer; change your rating with PUT."))
        try:
            rated = actions.submit_rating(query=query, appropriateness=payload.appropriateness,
                                          timeliness=payload.timeliness, quality=payload.quality,
                                          comment=payload.comment, actor=request.user)
        except actions.FeedbackLinkProblem as refusal:
            return problem(request, "invalid-transition", str(refusal))
    rated.rating.query = query
    return Status(201 if rated.created else 200, _representation(rated.rating))


@router.post("/queries/{reference}/rating", response={201: RatingOut, 409: Problem},
             summary="Rate the answer to your query")
def rate_answer(request, reference: str, payload: RatingIn):
    """Once: the three scores from 1 to 10 and a comment. Until the feedback request expires, change the rating
    with PUT."""
    return _rate(request, reference, payload, change=False)


@router.put("/queries/{reference}/rating", response={200: RatingOut, 201: RatingOut, 409: Problem},
            summary="Rate the answer to your query, or change your rating")
def change_rating(request, reference: str, payload: RatingIn):
    return _rate(request, reference, payload, change=True)
