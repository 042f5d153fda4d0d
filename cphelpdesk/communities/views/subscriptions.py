"""Subscriptions people manage themselves: the page of every community with join, leave and delivery; and the
list's own links: one-click unsubscribe (RFC 8058: POST leaves; GET only shows the button)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cphelpdesk.communities import actions, forms, moderation, selectors
from cphelpdesk.communities.access import community_access
from cphelpdesk.communities.links import CommunityLinkProblem, subscription_from
from cphelpdesk.communities.models import Community, Subscription
from cphelpdesk.core import links

# A member in these is already in: joining again changes nothing.
ALREADY_IN = (Subscription.Status.ACTIVE, Subscription.Status.SUSPENDED, Subscription.Status.PENDING_APPROVAL)


@login_required
def subscriptions(request: HttpRequest) -> HttpResponse:
    """Every community the member may see, with what they may do there: join, leave, how mail comes."""
    rows = [(row, forms.DeliveryForm(initial={"delivery": row.subscription.delivery,
                                              "avoid_duplicates": row.subscription.avoid_duplicates,
                                              "receive_own_posts": row.subscription.receive_own_posts,
                                              "digest_format": row.subscription.digest_format},
                                     prefix=row.community.slug) if row.subscription else None)
            for row in selectors.subscription_rows(request.user)]
    return render(request, "communities/subscriptions.html", {"rows": rows,
                                                              "delivery_choices": Subscription.Delivery.choices})


@login_required
@require_POST
def change(request: HttpRequest, slug: str) -> HttpResponse:
    """Join, leave or change delivery of one community (`action`: join, leave, delivery)."""
    community = get_object_or_404(Community, slug=slug)
    access = community_access(request.user, community)
    action = request.POST.get("action")
    subscription = access.subscription
    # A second click (a slow connection, the back button) finds the member already in, or already out: they
    # hear the same news again rather than meet an error.
    if action == "join":
        if subscription is None or subscription.status not in ALREADY_IN:
            if not access.can_join:
                raise PermissionDenied
            form = forms.DeliveryForm(request.POST, prefix=community.slug)
            delivery = form.cleaned_data["delivery"] if form.is_valid() else Subscription.Delivery.EACH_POST
            subscription = actions.join(community, member=request.user, delivery_mode=delivery)
            if subscription.status == Subscription.Status.PENDING_APPROVAL:
                moderation.request_received(subscription)  # the moderators are asked, as for a join by mail
        if subscription.status in (Subscription.Status.ACTIVE, Subscription.Status.SUSPENDED):
            messages.success(request, _("You have joined %(name)s.") % {"name": community.name})
        else:
            messages.info(request, _("Your request to join %(name)s waits for a moderator's approval.")
                          % {"name": community.name})
    elif action == "leave" and (subscription is not None or access.can_read or access.can_join):
        if subscription is not None:
            actions.unsubscribe(subscription, actor=request.user)
        messages.success(request, _("You have left %(name)s.") % {"name": community.name})
    elif action == "delivery" and subscription is not None:
        form = forms.DeliveryForm(request.POST, prefix=community.slug)
        if not form.is_valid():
            messages.error(request, _("Choose how the posts of %(name)s come to you.") % {"name": community.name})
            return redirect("communities:subscriptions")
        actions.change_delivery(subscription, actor=request.user, delivery_mode=form.cleaned_data["delivery"],
                                avoid_duplicates=form.cleaned_data["avoid_duplicates"],
                                receive_own_posts=form.cleaned_data["receive_own_posts"],
                                digest_format=form.cleaned_data["digest_format"] or Subscription.DigestFormat.MIME)
        messages.success(request, _("Your delivery settings for %(name)s are saved.") % {"name": community.name})
    else:
        raise PermissionDenied
    return redirect("communities:subscriptions")


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
