"""The list's own links: one-click unsubscribe (RFC 8058: POST leaves; GET only shows the button)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from cphelpdesk.communities import actions
from cphelpdesk.communities.links import CommunityLinkProblem, subscription_from
from cphelpdesk.core import links


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no session; the token is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Leave a community from the link in its mail. A GET (link scanners follow links) changes nothing."""
    try:
        subscription = subscription_from(token)
    except CommunityLinkProblem as problem:
        return links.problem_page(request, problem)
    community = subscription.community
    if request.method == "POST":
        actions.unsubscribe(subscription, actor=request.user)
        return render(request, "communities/unsubscribed.html", {"community": community, "done": True})
    return render(request, "communities/unsubscribed.html", {"community": community, "token": token})
