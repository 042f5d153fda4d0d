"""Moderation pages: a community's queue of held posts and subscription requests, and the page that confirms
joining or leaving by the link of a confirmation mail (POST confirms; a GET, which link scanners make, asks)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cphelpdesk.communities import commands, moderation, tokens
from cphelpdesk.communities.access import community_access
from cphelpdesk.communities.models import Community, Post, Subscription
from cphelpdesk.core import links


def moderated_community(view):
    """Give the view the community named by `slug`, for its moderators, owners, officers and managers only:
    a visitor is asked to sign in, anyone else is refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
        community = get_object_or_404(Community, slug=slug)
        if not community_access(request.user, community).can_moderate:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return view(request, community, *args, **kwargs)

    return wrapper


@moderated_community
def queue(request: HttpRequest, community: Community) -> HttpResponse:
    """What waits for a moderator: held posts with their reasons, subscription requests."""
    return render(request, "communities/moderation.html", {
        "community": community, "posts": moderation.held_posts(community),
        "requests": moderation.pending_requests(community), "verbs": moderation.VERBS.items()})


@require_POST
@moderated_community
def decide_post(request: HttpRequest, community: Community, uid) -> HttpResponse:
    """Approve, allow, reject (with a reason), ban or discard one held post."""
    post = get_object_or_404(Post, community=community, uid=uid)
    verb = request.POST.get("action", "")
    if verb not in moderation.VERBS:
        messages.error(request, _("Choose what to do with the post."))
    elif moderation.decide(post, verb, actor=request.user, reason=request.POST.get("reason", "")[:2000]):
        messages.success(request, _("Done: %(decision)s.") % {"decision": moderation.VERBS[verb]})
    else:
        messages.info(request, _("Another moderator has decided on this post already."))
    return redirect("communities:moderation", slug=community.slug)


@require_POST
@moderated_community
def decide_request(request: HttpRequest, community: Community, pk: int) -> HttpResponse:
    """Let a would-be subscriber in, or refuse them with a reason."""
    subscription = get_object_or_404(Subscription, community=community, pk=pk)
    approve = request.POST.get("action") == "approve"
    if moderation.decide_request(subscription, approve, actor=request.user,
                                 reason=request.POST.get("reason", "")[:2000]):
        messages.success(request, _("The subscriber is in.") if approve else _("The request is refused."))
    else:
        messages.info(request, _("Another moderator has decided on this request already."))
    return redirect("communities:moderation", slug=community.slug)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm joining or leaving from the link of a confirmation mail; the token is the proof."""
    try:
        subscription, kind = commands.subscription_to_confirm(token)
    except commands.ConfirmationProblem as problem:
        return links.problem_page(request, problem)
    context = {"community": subscription.community, "joining": kind == tokens.CONFIRM_JOIN}
    if request.method == "POST":
        context["done"] = commands.confirm(subscription, kind)
    return render(request, "communities/confirm.html", context)
