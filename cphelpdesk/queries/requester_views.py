"""The page a requester without an account follows their query on, from the signed link in our mail
(`queries.requester_links`): the answers, a form to add information, the rating, and an invitation to
create an account."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cphelpdesk.core.links import problem_page
from cphelpdesk.queries import actions, forms, hooks, requester_links
from cphelpdesk.queries.access import Access, visible_messages
from cphelpdesk.queries.actions import InvalidTransition

# Whoever holds the link sees what the requester sees: their messages and the replies, never internal notes.
REQUESTER_VIEW = Access(requester=True)


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    """The requester's view of their query; the link is their credential, and adding information uses it up
    (the page goes on at the fresh link)."""
    reference, token = reference[:20], token[:500]
    try:
        link = requester_links.read(reference=reference, token=token)
    except requester_links.RequesterLinkProblem as problem:
        return problem_page(request, problem)
    query = link.query
    form = forms.FollowUpForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            _message, fresh = actions.add_information_by_link(
                reference=reference, token=token, body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"])
        except requester_links.RequesterLinkProblem as problem:
            return problem_page(request, problem)
        except (ValidationError, InvalidTransition) as error:
            form.add_error(None, error)
        else:
            url = reverse("queries:follow", kwargs={"reference": query.reference, "token": fresh})
            return redirect(f"{url}?sent=1")
    return render(request, "queries/follow.html", {
        "query": query, "form": form, "link": link,
        "thread": visible_messages(REQUESTER_VIEW, query).prefetch_related("attachments").order_by("created_at", "id"),
        "rate_url": "",  # surveys gives the rating link and the rating (`hooks.FOLLOW_PAGE`)
        **hooks.context(hooks.FOLLOW_PAGE, request, query),
        "sent": request.method == "GET" and request.GET.get("sent") == "1",
    }, status=400 if form.is_bound else 200)
