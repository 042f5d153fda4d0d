"""Reads of the repository, always through what the reader may see."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import translation

from cphelpdesk.directory.models import Country
from cphelpdesk.library import access
from cphelpdesk.library.indexing import KIND
from cphelpdesk.library.models import RedactionFlag, Resource, ResourceFile
from cphelpdesk.queries.access import visible_queries
from cphelpdesk.queries.indexing import KIND as QUERY
from cphelpdesk.search.engine import Hit, Likeness, Scope, SearchResults, search, similar
from cphelpdesk.taxonomy.models import Topic


def scope_for(user) -> Scope:
    """What of the repository `user` may find: staff find drafts too (they curate them), except drafts
    banked from a query they may not see."""
    if access.is_staff(user):
        return Scope(kind=KIND, audiences=access.audiences_for(user), published_only=False,
                     object_ids=access.readable_resources(user).values("pk"))
    return Scope(kind=KIND, audiences=access.audiences_for(user), published_only=True)


@dataclass
class ResourceSearch:
    results: SearchResults
    rows: list[tuple[Hit, Resource]]  # each hit with its resource, for its type, year and language
    facet_labels: dict[str, dict[str, str]]  # facet -> value -> label in the reader's language


def search_resources(user, text: str, *, language: str | None = None, filters=None, page: int = 1,
                     per_page: int = 20) -> ResourceSearch:
    """Ranked resources (or the newest, without words) with facet counts, as `user` may see them.

    `language` is the language of the search words when the searcher says it; resources in it (else in the
    interface language) come before equally good ones in other languages, and a translation found beside its
    original or another translation of it is listed once, under the first found (which names its languages)."""
    results = search(text, scopes=[scope_for(user)], language=language or None, filters=filters or {},
                     page=page, per_page=per_page, autocorrect=True,
                     prefer_language=language or translation.get_language())
    ids = [hit.object_id for hit in results.hits]
    resources = access.readable_resources(user).filter(pk__in=ids).select_related("translation_of")
    found = {resource.pk: resource for resource in resources}
    _attach_languages(user, list(found.values()))
    rows, groups = [], set()
    for hit in results.hits:
        resource = found.get(hit.object_id)
        group = resource and (resource.translation_of_id or resource.pk)
        if resource is not None and group not in groups:
            groups.add(group)
            rows.append((hit, resource))
    return ResourceSearch(results=results, rows=rows, facet_labels=_facet_labels(results.facets))


def _attach_languages(user, resources: list[Resource]) -> None:
    """Give each resource `languages`: the names of every language it exists in (itself, its original, the
    translations the reader may see), so that results say so."""
    names = dict(Resource._meta.get_field("language").choices)
    originals = {resource.translation_of_id or resource.pk for resource in resources}
    groups: dict[int, set[str]] = {}
    for pk, original, language in access.readable_resources(user).filter(
            Q(pk__in=originals) | Q(translation_of__in=originals)).values_list("pk", "translation_of", "language"):
        groups.setdefault(original or pk, set()).add(language)
    for resource in resources:
        codes = groups.get(resource.translation_of_id or resource.pk, set()) | {resource.language,
                                                                                 *resource.also_in}
        resource.languages = [names[code] for code in sorted(codes) if code in names]


def _facet_labels(facets) -> dict[str, dict[str, str]]:
    labels = {"type": {value: str(label) for value, label in Resource.Type.choices},
              "language": dict(Resource._meta.get_field("language").choices)}
    codes = [value for value, _count in facets.get("topic", [])]
    labels["topic"] = {topic.code: topic.localized_name for topic in Topic.objects.filter(code__in=codes)}
    isos = [value for value, _count in facets.get("country", [])]
    labels["country"] = {country.iso2: str(country) for country in Country.objects.filter(iso2__in=isos)}
    return labels


def resource_page(user, pk: int) -> Resource | None:
    """One resource with what its page shows, or None when `user` may not read it."""
    current_files = Prefetch("files", ResourceFile.objects.filter(is_current=True), to_attr="current_files")
    return (access.readable_resources(user).filter(pk=pk).select_related("translation_of", "source_query")
            .prefetch_related("topics", "countries", "regions", current_files).first())


def downloadable_file(user, pk: int, file_id: int) -> tuple[Resource, ResourceFile] | None:
    """A resource's file with its resource, for those who may read the resource (earlier versions: staff
    only); None otherwise."""
    item = resource_page(user, pk)
    file = ResourceFile.objects.filter(pk=file_id, resource_id=pk).first() if item else None
    if file is None or (not file.is_current and not access.is_staff(user)):
        return None
    return item, file


def versions_of(resource: Resource) -> list[ResourceFile]:
    """Earlier versions of the resource's files (staff see and download them)."""
    return list(resource.files.filter(is_current=False).order_by("name", "-version"))


def language_versions(user, resource: Resource) -> list[Resource]:
    """The resource and its translations that `user` may read, by language."""
    original = resource.original
    group = Resource.objects.filter(pk=original.pk) | Resource.objects.filter(translation_of=original)
    return list(access.readable_resources(user, group).order_by("language"))


def related_to(user, resource: Resource) -> list[Resource]:
    return list(access.readable_resources(user, resource.related.all()).order_by("title"))


def open_flags(resource: Resource) -> list[RedactionFlag]:
    return list(resource.redaction_flags.filter(state=RedactionFlag.State.OPEN))


def work_list(user):
    """Drafts and resources in review, for staff: their own drafts first."""
    return (access.readable_resources(user).filter(status__in=[Resource.Status.DRAFT, Resource.Status.IN_REVIEW])
            .select_related("created_by", "submitted_by").order_by("status", "-updated_at"))


def similar_resources(user, like: str | Likeness, *, language: str | None = None, limit: int = 5):
    """The banked answers and resources most like a text (suggestions while asking or answering): `like` is the
    text or its `search.engine.Likeness`."""
    if isinstance(like, str) and not like.strip():
        return []
    hits = similar(like, scopes=[Scope(kind=KIND, audiences=access.audiences_for(user), published_only=True)],
                   language=language, limit=limit)
    found = access.readable_resources(user).filter(pk__in=[hit.object_id for hit in hits]).in_bulk()
    return [(hit, found[hit.object_id]) for hit in hits if hit.object_id in found]


def search_everything(user, text: str, *, page: int = 1, per_page: int = 20):
    """Staff search: the queries `user` may see and the repository, ranked together.

    Returns ([(hit, query or resource)], results)."""
    scopes = [scope_for(user), Scope(kind=QUERY, published_only=False, object_ids=visible_queries(user).values("pk"))]
    results = search(text, scopes=scopes, page=page, per_page=per_page, facets=False)
    resources = access.readable_resources(user).in_bulk([hit.object_id for hit in results.hits if hit.kind == KIND])
    queries = visible_queries(user).in_bulk([hit.object_id for hit in results.hits if hit.kind == QUERY])
    found = {KIND: resources, QUERY: queries}
    return [(hit, found[hit.kind][hit.object_id]) for hit in results.hits
            if hit.object_id in found.get(hit.kind, {})], results
