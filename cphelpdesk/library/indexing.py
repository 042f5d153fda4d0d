"""How a resource appears in the search index (the `search` app's one interface)."""

from collections.abc import Iterator

from cphelpdesk.library.models import Resource
from cphelpdesk.search import index as search_index
from cphelpdesk.search.documents import Document

KIND = "resource"
# Extracted file text is searchable too, up to this much per resource.
FILE_TEXT_LIMIT = 50_000


def _topic_text(resource: Resource) -> str:
    return " ".join(" ".join(filter(None, (topic.name, topic.name_fr, topic.name_es, topic.name_ar)))
                    for topic in resource.topics.all())


def document_for(resource: Resource) -> Document:
    """The search document of `resource`: its text and files, facets, and who may find it."""
    files_text = "\n".join(file.text for file in resource.files.all() if file.is_current and file.text)
    group = resource.original
    languages = {resource.language, group.language, *resource.also_in,
                 *Resource.objects.filter(translation_of=group).values_list("language", flat=True)}
    return Document(
        kind=KIND, object_id=resource.pk, title=resource.title,
        body="\n\n".join(filter(None, (resource.summary, resource.body, files_text[:FILE_TEXT_LIMIT]))),
        language=resource.language, topic_text=_topic_text(resource),
        topics=[topic.code for topic in resource.topics.all()],
        countries=[country.iso2 for country in resource.countries.all()],
        languages=sorted(languages), doc_type=resource.type, year=resource.year,
        audience=resource.visibility, published=resource.status == Resource.Status.PUBLISHED,
    )


def index(resource: Resource) -> None:
    """Bring the index up to date with `resource` (in the caller's transaction), and its translations,
    whose language facet names it."""
    for item in {resource, resource.original, *resource.original.translations.all()}:
        search_index.update(document_for(_prefetched(item)))


def _prefetched(resource: Resource) -> Resource:
    return Resource.objects.prefetch_related("topics", "countries", "files").select_related(
        "translation_of").get(pk=resource.pk)


def all_documents() -> Iterator[Document]:
    """Every resource, for `manage.py rebuild_index`."""
    resources = Resource.objects.prefetch_related("topics", "countries", "files").select_related("translation_of")
    for resource in resources.order_by("pk").iterator(chunk_size=500):
        yield document_for(resource)
