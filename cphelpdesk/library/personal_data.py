"""Drafts banked from a query carry its text until their personal-data review: how each path of
`core.erasure` erases what they hold. Published resources passed that review and a second approval:
they are the library's own text and stay."""

from django.db import transaction

from cphelpdesk.core.erasure import Path, Target, register, scrub
from cphelpdesk.library import indexing
from cphelpdesk.library.actions import UNDER_REVIEW
from cphelpdesk.library.models import Resource, ResourceFile
from cphelpdesk.search import index


def _drafts(target: Target):
    return Resource.objects.filter(source_query_id__in=target.queries, status__in=UNDER_REVIEW)


def drop_drafts(target: Target) -> None:
    """An individual case: drafts made from the query go, with their files and index entries."""
    drafts = list(_drafts(target).values_list("pk", flat=True))
    files = ResourceFile.objects.filter(resource_id__in=drafts)
    storage = ResourceFile._meta.get_field("file").storage
    names = [name for name in files.values_list("file", flat=True) if name]
    files.delete()
    for pk in drafts:
        index.remove(indexing.KIND, pk)
    _drafts(target).delete()
    target.counts["drafts"] = len(drafts)
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def scrub_drafts(target: Target) -> None:
    """A person erased: drafts made from their queries lose their words."""
    if not target.words:
        return
    for resource in _drafts(target):
        for field in ("title", "summary", "body"):
            setattr(resource, field, scrub(getattr(resource, field), target.words))
        resource.save(update_fields=["title", "summary", "body"])
        indexing.index(resource)


def register_steps() -> None:
    """Called from LibraryConfig.ready()."""
    register("library", Path.INDIVIDUAL_CASE, step=drop_drafts)
    register("library", Path.ERASURE, Path.MEMBERS, Path.CONTACTS, step=scrub_drafts)
