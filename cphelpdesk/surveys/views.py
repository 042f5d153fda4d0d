"""Rating an answer: from the mailed link (no login, signed single-use link) or from the query page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cphelpdesk.core.links import problem_page
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import Query
from cphelpdesk.surveys import actions, selectors
from cphelpdesk.surveys.forms import RatingForm


def _submit(form: RatingForm, query: Query, **credentials) -> actions.Rated:
    data = form.cleaned_data
    return actions.submit_rating(query=query, appropriateness=data["appropriateness"],
                                 timeliness=data["timeliness"], quality=data["quality"], comment=data["comment"],
                                 **credentials)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    """The page the requester reaches from the mail; the signed link is their credential, once."""
    try:
        feedback_request = actions.read_link(reference=reference[:20], token=token[:500])
    except actions.FeedbackLinkProblem as problem:
        return problem_page(request, problem)
    query = feedback_request.query
    rating = selectors.rating_of(query)
    form = RatingForm.for_rating(rating, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            rated = _submit(form, query, nonce=feedback_request.nonce)
        except actions.FeedbackLinkProblem as problem:
            return problem_page(request, problem)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The link just used no longer works: the thanks is the fresh link's page (no mail), where the
            # requester can come back to change the rating.
            url = reverse("surveys:feedback", kwargs={"reference": query.reference, "token": rated.token})
            return redirect(f"{url}?saved=1")
    return render(request, "surveys/feedback.html", {
        "query": query, "form": form, "rating": rating, "feedback": feedback_request,
        "saved": request.method == "GET" and request.GET.get("saved") == "1" and rating is not None,
    }, status=400 if form.is_bound else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, reference: str) -> HttpResponse:
    """The logged-in requester rates from their query page (no link needed)."""
    query = Query.objects.select_related("requester").filter(reference=reference[:20]).first()
    if query is None or query.requester_id != request.user.pk or not query_access(request.user, query).can_view:
        raise Http404
    current = selectors.feedback_for_requester(query)
    if not current.open:
        return problem_page(request, actions.FeedbackLinkProblem("expired" if current.request else "closed"))
    form = RatingForm.for_rating(current.rating, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _submit(form, query, actor=request.user)
        except actions.FeedbackLinkProblem as problem:
            return problem_page(request, problem)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your rating is saved. You can change it until %(date)s.")
                             % {"date": current.request.expires_at.date().isoformat()})
            return redirect("queries:detail", reference=query.reference)
    return render(request, "surveys/rate.html", {"query": query, "form": form, "rating": current.rating,
                                                 "feedback": current.request},
                  status=400 if form.is_bound else 200)
