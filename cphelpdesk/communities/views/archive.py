"""The web archive: communities, their threads by latest activity, a thread's posts in order."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cphelpdesk.communities import selectors
from cphelpdesk.communities.access import community_access
from cphelpdesk.communities.models import Community, Post, Thread


def readable_community(view):
    """Give the view the community named by `slug` and the user's access to it; a visitor is asked to sign
    in, and a signed-in user who may not read the archive is refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
        community = get_object_or_404(Community, slug=slug)
        access = community_access(request.user, community)
        if not access.can_read:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return view(request, community, access, *args, **kwargs)

    return wrapper


def index(request: HttpRequest) -> HttpResponse:
    """Every community the user may read, with their subscription to each."""
    return render(request, "communities/index.html", {"rows": selectors.communities_for(request.user)})


@readable_community
def threads(request: HttpRequest, community: Community, access) -> HttpResponse:
    """A community's home: what it is for, how to write to it, its threads by latest activity."""
    return render(request, "communities/threads.html", {
        "community": community, "access": access, "threads": selectors.latest_threads(community)})


@readable_community
def thread(request: HttpRequest, community: Community, access, pk: int) -> HttpResponse:
    """One thread, its published posts in order."""
    item = get_object_or_404(Thread, community=community, pk=pk)
    return render(request, "communities/thread.html", {
        "community": community, "access": access, "thread": item, "posts": selectors.thread_posts(item)})


@readable_community
def post(request: HttpRequest, community: Community, access, uid) -> HttpResponse:
    """A post's permanent address (Archived-At): its place in its thread."""
    item = get_object_or_404(Post, community=community, uid=uid, status=Post.Status.PUBLISHED)
    return redirect(reverse("communities:thread", args=[community.slug, item.thread_id]) + f"#post-{item.uid}")
