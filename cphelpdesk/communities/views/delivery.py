"""Delivery of a community's mail: resuming it after a suspension for bounces, from the link in the notice."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cphelpdesk.communities import bounces
from cphelpdesk.communities.links import RESUME_LINK, CommunityLinkProblem, subscription_from
from cphelpdesk.core import links


@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """Resume delivery to a suspended subscription. The signed link is the proof (the notice went to that
    address); a GET only asks, since link scanners follow links: a POST resumes."""
    try:
        subscription = subscription_from(token, RESUME_LINK)
    except CommunityLinkProblem as problem:
        return links.problem_page(request, problem)
    if request.method == "POST":
        bounces.resume(subscription, actor=request.user)
        subscription.refresh_from_db(fields=["status"])
    return render(request, "communities/resume_delivery.html", {
        "community": subscription.community, "subscription": subscription,
        "suspended": subscription.status == subscription.Status.SUSPENDED,
        "resumed": request.method == "POST"})
