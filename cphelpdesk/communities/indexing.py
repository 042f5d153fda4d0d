"""How a community post appears in the search index: the archive is searched through the `search` app.

Only published posts are indexed (a held post is not in the archive yet). Who may find a post is decided when
searching, by the communities whose archive the searcher may read (`selectors.search_posts`), so a change of a
community's visibility needs no re-indexing for that; the audience recorded here only keeps the words of
archives that are not public out of "did you mean".
"""

from collections.abc import Iterator

from cphelpdesk.communities.models import Community, Post
from cphelpdesk.search import index as search_index
from cphelpdesk.search.documents import Document

KIND = "community_post"
BODY_LIMIT = 20_000
AUDIENCES = {Community.Visibility.PUBLIC: "public", Community.Visibility.MEMBERS: "members"}


def document_for(post: Post) -> Document:
    """The search document of a post (its community must be loaded or cheap to load)."""
    community = post.community
    return Document(
        kind=KIND, object_id=post.pk, title=post.subject, body=post.body[:BODY_LIMIT], language=community.language,
        languages=[community.language], doc_type="community_post", year=post.posted_at.year,
        audience=AUDIENCES.get(community.visibility, "staff"), published=post.status == Post.Status.PUBLISHED,
        updated=post.posted_at)


def index(post: Post) -> None:
    """Bring the index up to date with `post`, in the caller's transaction."""
    if post.status == Post.Status.PUBLISHED:
        search_index.update(document_for(post))
    else:
        search_index.remove(KIND, post.pk)


def all_documents() -> Iterator[Document]:
    """Every published post, for `manage.py rebuild_index`."""
    posts = Post.objects.filter(status=Post.Status.PUBLISHED).select_related("community").order_by("pk")
    for post in posts.iterator(chunk_size=500):
        yield document_for(post)
