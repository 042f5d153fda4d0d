"""How a query appears in the search index: staff find queries through the same search as resources.

Only staff ever search queries, and only those `visible_queries` lets them see (the search scope
restricts to those ids). Strictly confidential messages are left out of the index altogether, so that
no snippet can show them to someone who sees the query but not that message.
"""

from collections.abc import Iterator

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.queries.models import Query, Status
from cphelpdesk.search.documents import Document

KIND = "query"
# Enough of a long thread to find it again; the search index is not an archive.
BODY_LIMIT = 20_000


def document_for(query: Query) -> Document:
    messages = [message.body for message in query.messages.all()
                if message.sensitivity <= Sensitivity.CONFIDENTIAL]
    return Document(
        kind=KIND, object_id=query.pk, title=f"{query.reference} {query.subject}",
        body="\n\n".join(messages)[:BODY_LIMIT], language=query.language,
        topic_text=" ".join(topic.name for topic in query.topics.all()),
        topics=[topic.code for topic in query.topics.all()],
        countries=[query.country.iso2] if query.country_id else [], languages=[query.language],
        doc_type=query.service_type, year=query.received_at.year, audience="staff",
        published=query.status not in {Status.MERGED, Status.WITHDRAWN},
    )


def index(query: Query) -> None:
    """Bring the index up to date with `query`, in the caller's transaction."""
    from cphelpdesk.search import index as search_index

    query = Query.objects.select_related("country").prefetch_related("topics", "messages").get(pk=query.pk)
    search_index.update(document_for(query))


def all_documents() -> Iterator[Document]:
    """Every query, for `manage.py rebuild_index`."""
    queries = Query.objects.select_related("country").prefetch_related("topics", "messages").order_by("pk")
    for query in queries.iterator(chunk_size=500):
        yield document_for(query)
