"""Writing to a community on the web: start a thread, reply, follow a thread. A post written here goes out
by email as any list post (`moderation.post_on_web`)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cphelpdesk.communities import actions, forms, moderation
from cphelpdesk.communities.models import Community, Post, Thread
from cphelpdesk.communities.views.archive import readable_community, thread_context


def _posting_allowed(view):
    """Only those who may post to the community reach the view (visitors are asked to sign in)."""

    @wraps(view)
    def wrapper(request: HttpRequest, community: Community, access, *args, **kwargs):
        if not access.can_post:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return view(request, community, access, *args, **kwargs)

    return wrapper


def _done(request: HttpRequest, post: Post) -> HttpResponse:
    if post.status == Post.Status.HELD:
        messages.info(request, _("Your post waits for a moderator of this community; it is sent once approved."))
        return redirect("communities:threads", slug=post.community.slug)
    messages.success(request, _("Your post is in the archive and on its way to the subscribers."))
    return redirect("communities:post", slug=post.community.slug, uid=post.uid)


@readable_community
@_posting_allowed
def new_thread(request: HttpRequest, community: Community, access) -> HttpResponse:
    """Start a thread on the web."""
    form = forms.NewThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = moderation.post_on_web(community=community, author=request.user,
                                          subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                                          uploads=form.cleaned_data["attachments"])
        except ValidationError as error:
            form.add_error("attachments", error)
        else:
            return _done(request, post)
    return render(request, "communities/new_thread.html", {"community": community, "form": form},
                  status=400 if form.errors else 200)


@require_POST
@readable_community
@_posting_allowed
def reply(request: HttpRequest, community: Community, access, pk: int) -> HttpResponse:
    """Answer a thread on the web: the reply follows its last post."""
    item = get_object_or_404(Thread, community=community, pk=pk)
    form = forms.ReplyForm(request.POST, request.FILES)
    parent = item.posts.filter(status=Post.Status.PUBLISHED).order_by("-posted_at", "-id").first()
    if form.is_valid() and parent is not None:
        try:
            post = moderation.post_on_web(community=community, author=request.user, subject="",
                                          body=form.cleaned_data["body"], parent=parent,
                                          uploads=form.cleaned_data["attachments"])
        except ValidationError as error:
            form.add_error("attachments", error)
        else:
            return _done(request, post)
    return render(request, "communities/thread.html", thread_context(request, community, access, item, form),
                  status=400)


@require_POST
@readable_community
def follow(request: HttpRequest, community: Community, access, pk: int) -> HttpResponse:
    """Follow a thread (its new posts come by mail) or, with `stop`, stop following it."""
    if not access.can_follow:
        return redirect_to_login(reverse("communities:thread", args=[community.slug, pk]))
    item = get_object_or_404(Thread, community=community, pk=pk)
    following = "stop" not in request.POST
    actions.follow(item, member=request.user, following=following)
    messages.success(request, _("You follow this thread: its new posts come to you by mail.") if following
                     else _("You no longer follow this thread."))
    return redirect("communities:thread", slug=community.slug, pk=item.pk)
