"""The repository through the API: list, search and read resources and download their files, with what the
reader may see exactly as on the website (`library.access`, through `library.selectors`): public resources
for anyone with a token, those for members to approved members, drafts to staff."""

from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from cphelpdesk.api.conditional import cursor_page, next_url, page_cursor
from cphelpdesk.api.schemas import ResourceDetail, ResourceFilters, ResourcePage
from cphelpdesk.library import selectors
from cphelpdesk.library.models import Resource

router = Router(tags=["resources"])

# As deep as the repository page goes (50 pages of 20): deeper pages help nobody and cost the engine.
MAX_RESULTS = 1000


def _url(resource: Resource) -> str:
    return reverse("api:read_resource", args=[resource.pk])


def _summary(resource: Resource) -> dict:
    return {"id": resource.pk, "title": resource.title, "summary": resource.summary, "type": resource.type,
            "language": resource.language, "languages": resource.languages, "year": resource.year,
            "topics": sorted(topic.code for topic in resource.topics.all()), "published_at": resource.published_at,
            "url": _url(resource), "page": resource.get_absolute_url()}


@router.get("", response=ResourcePage, summary="List or search the repository")
def list_resources(request, response: HttpResponse, filters: Query[ResourceFilters]):
    """The search of the repository page: ranked by `q`, or newest first without it; a resource found with its
    translations is listed once. `next` (and the `Link` header) leads to the following page."""
    page = cursor_page(filters.cursor, "resources")
    chosen = {name: [str(value) for value in getattr(filters, name)]
              for name in ("type", "topic", "language", "country", "year") if getattr(filters, name)}
    found = selectors.search_resources(request.user, filters.q, language=filters.lang, filters=chosen, page=page,
                                       per_page=filters.page_size)
    resources = [resource for _hit, resource in found.rows]
    prefetch_related_objects(resources, "topics")
    following = None
    if page * filters.page_size < min(found.results.total, MAX_RESULTS):
        following = next_url(request, page_cursor("resources", page + 1))
        response["Link"] = f'<{following}>; rel="next"'
    return {"total": found.results.total, "next": following,
            "results": [_summary(resource) for resource in resources]}


@router.get("/{resource_id}", response=ResourceDetail, url_name="read_resource", summary="Read a resource")
def read_resource(request, resource_id: int):
    resource = selectors.resource_page(request.user, resource_id)
    if resource is None:
        raise Http404
    translations = [item for item in selectors.language_versions(request.user, resource) if item.pk != resource.pk]
    return {
        "id": resource.pk, "title": resource.title, "summary": resource.summary, "body": resource.body,
        "type": resource.type, "language": resource.language, "year": resource.year, "source": resource.source,
        "visibility": resource.visibility, "status": resource.status,
        "topics": sorted(topic.code for topic in resource.topics.all()),
        "countries": sorted(country.iso2 for country in resource.countries.all()),
        "published_at": resource.published_at, "page": resource.get_absolute_url(),
        "translations": [{"id": item.pk, "language": item.language, "title": item.title, "url": _url(item)}
                         for item in translations],
        "files": [{"name": file.name, "size": file.size, "content_type": file.content_type,
                   "version": file.version,
                   "url": reverse("api:download_resource_file", args=[resource.pk, file.pk])}
                  for file in resource.current_files],
    }


@router.get("/{resource_id}/files/{file_id}", url_name="download_resource_file", response={200: None},
            summary="Download a file of a resource")
def download_resource_file(request, resource_id: int, file_id: int):
    """For those who may read the resource (the website's check)."""
    found = selectors.downloadable_file(request.user, resource_id, file_id)
    if found is None:
        raise Http404
    _resource, file = found
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name, content_type=file.content_type)
