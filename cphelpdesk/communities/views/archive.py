"""The web archive: communities, their threads by latest activity or by date, a thread's posts in order, its
attachments, the community's feed and the archive's search."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cphelpdesk.communities import forms, selectors
from cphelpdesk.communities.access import community_access
from cphelpdesk.communities.models import Community, Post, Thread
from cphelpdesk.communities.quoting import split_quotes
from cphelpdesk.core.inputs import parse_id

MAX_SEARCH_PAGE = 50  # deep pages of a search help nobody and cost the engine
SEARCH_PER_PAGE = 20


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
    """Every community the user may read, with their subscription to each, and a search of them all."""
    return render(request, "communities/index.html", {"rows": selectors.communities_for(request.user)})


@readable_community
def threads(request: HttpRequest, community: Community, access) -> HttpResponse:
    """A community's home: what it is for, how to write to it, its threads by latest activity or by start."""
    order = request.GET.get("order") if request.GET.get("order") in selectors.ORDERS else "latest"
    page = selectors.thread_page(community, order=order, cursor=request.GET.get("after", ""))
    return render(request, "communities/threads.html", {
        "community": community, "access": access, "page": page, "order": order,
        "paged": bool(request.GET.get("after"))})


def thread_context(request: HttpRequest, community: Community, access, item: Thread, reply_form=None) -> dict:
    """What the thread page shows: a page of its posts, each with its text in runs (quoted runs fold), and the
    reply form."""
    page = Paginator(selectors.thread_posts(item), selectors.POSTS_PER_PAGE).get_page(request.GET.get("page"))
    posts = [(post, split_quotes(post.body)) for post in page.object_list]
    following = access.can_follow and item.followers.filter(pk=request.user.pk).exists()
    return {"community": community, "access": access, "thread": item, "posts": posts, "page": page,
            "following": following, "reply_form": reply_form or (forms.ReplyForm() if access.can_post else None)}


@readable_community
def thread(request: HttpRequest, community: Community, access, pk: int) -> HttpResponse:
    """One thread, its published posts in order."""
    item = get_object_or_404(Thread, community=community, pk=pk)
    return render(request, "communities/thread.html", thread_context(request, community, access, item))


@readable_community
def post(request: HttpRequest, community: Community, access, uid) -> HttpResponse:
    """A post's permanent address (Archived-At): its place in its thread."""
    item = get_object_or_404(Post, community=community, uid=uid, status=Post.Status.PUBLISHED)
    page = selectors.page_of(item)
    return redirect(reverse("communities:thread", args=[community.slug, item.thread_id])
                    + (f"?page={page}" if page > 1 else "") + f"#post-{item.uid}")


@readable_community
def download(request: HttpRequest, community: Community, access, pk: int) -> FileResponse:
    """An attachment of a published post, for those who may read the archive; always a download, never
    rendered in the page's origin."""
    attachment = selectors.attachment_in(community, pk) if access.can_download else None
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    # A reader's browser may keep a public archive's file (slow links), but no shared cache: an erasure or an
    # individual case must be able to take it back.
    response["Cache-Control"] = "private, max-age=3600" if community.visibility == Community.Visibility.PUBLIC \
        else "private, no-store"
    return response


class CommunityFeed(Feed):
    """An Atom feed of a public archive's newest posts (archives that are not public have none)."""

    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Community:
        return get_object_or_404(Community, slug=slug, is_active=True, visibility=Community.Visibility.PUBLIC)

    def title(self, obj: Community) -> str:
        return _("%(name)s: new posts") % {"name": obj.name}

    def subtitle(self, obj: Community) -> str:
        return obj.description

    def link(self, obj: Community) -> str:
        return reverse("communities:threads", args=[obj.slug])

    def items(self, obj: Community):
        return selectors.feed_posts(obj)

    def item_title(self, item: Post) -> str:
        return item.subject

    def item_description(self, item: Post) -> str:
        own = [part.text for part in split_quotes(item.body) if not part.quoted]
        return "\n\n".join(own)[:1000]

    def item_link(self, item: Post) -> str:
        return reverse("communities:post", args=[item.community.slug, item.uid])

    def item_author_name(self, item: Post) -> str:
        return item.author_name

    def item_pubdate(self, item: Post):
        return item.posted_at


def _search_page(request: HttpRequest, community: Community | None) -> HttpResponse:
    form = forms.SearchForm(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = min(parse_id(request.GET.get("page")) or 1, MAX_SEARCH_PAGE)
    found, results = selectors.search_posts(request.user, text, community=community, page=page,
                                            per_page=SEARCH_PER_PAGE) if text.strip() else ([], None)
    return render(request, "communities/search.html", {
        "community": community, "text": text, "found": found, "results": results,
        "page": page, "has_next": results is not None and page < MAX_SEARCH_PAGE and results.has_next})


def search_all(request: HttpRequest) -> HttpResponse:
    """Search every archive the user may read."""
    return _search_page(request, None)


@readable_community
def search(request: HttpRequest, community: Community, access) -> HttpResponse:
    """Search one community's archive."""
    return _search_page(request, community)
