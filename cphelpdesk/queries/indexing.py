"""How a query appears in the search index: staff find queries through the same search as resources.

Only staff ever search queries, and only those `visible_queries` lets them see (the search scope
restricts to those ids). Strictly confidential messages are left out of the index altogether, so that
no snippet can show them to someone who sees the query but not that message.
"""

from collections.abc import Iterable, Iterator

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.queries.models import Message, Query, Status
from cphelpdesk.search import index as search_index
from cphelpdesk.search.documents import Document
from cphelpdesk.taxonomy.models import Topic

KIND = "query"
# Enough of a long thread to find it again; the search index is not an archive.
BODY_LIMIT = 20_000


def document_for(query: Query, *, messages: Iterable[Message] | None = None,
                 topics: Iterable[Topic] | None = None) -> Document:
    """The query's Document; `messages` and `topics` are its own, when the caller has them at hand."""
    messages = query.messages.all() if messages is None else messages
    topics = list(query.topics.all() if topics is None else topics)
    bodies = [message.body for message in messages if message.sensitivity <= Sensitivity.CONFIDENTIAL]
    return Document(
        kind=KIND, object_id=query.pk, title=f"{query.reference} {query.subject}",
        body="\n\n".join(bodies)[:BODY_LIMIT], language=query.language,
        topic_text=" ".join(topic.name for topic in topics),
        topics=[topic.code for topic in topics],
        countries=[query.country.iso2] if query.country_id else [], languages=[query.language],
        doc_type=query.service_type, year=query.received_at.year, audience="staff",
        published=query.status not in {Status.MERGED, Status.WITHDRAWN},
    )


def index(query: Query) -> None:
    """Bring the index up to date with `query`, in the caller's transaction."""
    query = Query.objects.select_related("country").prefetch_related("topics", "messages").get(pk=query.pk)
    search_index.update(document_for(query))


def index_new(query: Query, *, message: Message, topics: Iterable[Topic]) -> None:
    """Index a query just submitted, from the objects in hand: intake is a hot path, and reading back
    what was just written costs three queries."""
    search_index.update(document_for(query, messages=[message], topics=topics))


def all_documents() -> Iterator[Document]:
    """Every query, for `manage.py rebuild_index`."""
    queries = Query.objects.select_related("country").prefetch_related("topics", "messages").order_by("pk")
    for query in queries.iterator(chunk_size=500):
        yield document_for(query)
