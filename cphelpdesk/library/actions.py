"""Everything that changes the repository: one function per operation, in a transaction, audited,
with the search index updated in the same transaction."""

import hashlib
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cphelpdesk.core import audit
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.core.uploads import check_upload
from cphelpdesk.library import indexing, review
from cphelpdesk.library.models import RedactionFlag, Resource, ResourceFile, ResourceUse
from cphelpdesk.queries import selectors, timeline
from cphelpdesk.queries.access import query_access
from cphelpdesk.queries.models import EventKind, Message

EDITABLE_FIELDS = ("title", "summary", "body", "type", "language", "also_in", "source", "year", "visibility",
                   "translation_of")
# Drafts and resources in review are reviewed again whenever their text changes.
UNDER_REVIEW = (Resource.Status.DRAFT, Resource.Status.IN_REVIEW)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _locked(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().get(pk=resource.pk)


@transaction.atomic
def create_resource(*, actor, title: str, topics: Iterable = (), countries: Iterable = (), files: Iterable = (),
                    curators_only: bool = False, **fields) -> Resource:
    """A new draft (curators and experts); `curators_only` for content that only curators may read before it is
    published (library.access)."""
    _require(actor.has_perm("library.create_resource"), _("Only helpdesk staff can add resources."))
    resource = Resource(title=" ".join(title.split())[:300], created_by=actor, curators_only=curators_only,
                        **{name: value for name, value in fields.items() if name in EDITABLE_FIELDS})
    _validate(resource)
    resource.save()
    resource.topics.set(topics)
    resource.countries.set(countries)
    for upload in files:
        store_file(actor=actor, resource=resource, upload=upload)
    audit.record(actor=actor, action="resource.created", target=resource)
    refresh_review(resource)
    indexing.index(resource)
    return resource


def _validate(resource: Resource) -> None:
    if not resource.title:
        raise ValidationError(_("A resource needs a title."))
    if resource.translation_of_id and resource.translation_of_id == resource.pk:
        raise ValidationError(_("A resource cannot be a translation of itself."))
    if resource.translation_of is not None and resource.translation_of.translation_of_id:
        # One level: translations point at the original, so a group is one query away.
        resource.translation_of = resource.translation_of.translation_of


@transaction.atomic
def update_resource(*, actor, resource: Resource, topics: Iterable | None = None,
                    countries: Iterable | None = None, related: Iterable | None = None, **fields) -> Resource:
    """Edit a resource's details; a draft's personal-data review is run again on the new text."""
    resource = _locked(resource)
    _require(actor.has_perm("library.edit_resource", resource), _("You cannot edit this resource."))
    changed = [name for name, value in fields.items() if name in EDITABLE_FIELDS and getattr(resource, name) != value]
    for name in changed:
        setattr(resource, name, fields[name])
    _validate(resource)
    resource.save()
    if topics is not None:
        resource.topics.set(topics)
    if countries is not None:
        resource.countries.set(countries)
    if related is not None:
        resource.related.set([item for item in related if item.pk != resource.pk])
    audit.record(actor=actor, action="resource.updated", target=resource, fields=changed)
    if resource.status in UNDER_REVIEW:
        refresh_review(resource)
    indexing.index(resource)
    return resource


def store_file(*, actor, resource: Resource, upload, replaces: ResourceFile | None = None) -> ResourceFile:
    """Check and store `upload` as a file of `resource` (a new version of `replaces`, if given), uploaded by
    `actor`; its text is extracted in the background. The caller records the audit entry."""
    checked = check_upload(upload)
    file = ResourceFile(resource=resource, name=checked.name, content_type=checked.content_type, size=checked.size,
                        sha256=checked.sha256, uploaded_by=actor, replaces=replaces,
                        version=replaces.version + 1 if replaces else 1)
    file.file.save(checked.name, upload, save=False)
    file.save()
    if replaces is not None:
        ResourceFile.objects.filter(pk=replaces.pk).update(is_current=False)
    # Its text is extracted in the worker once this commits (`library.tasks.extract_after_commit`).
    return file


@transaction.atomic
def add_file(*, actor, resource: Resource, upload, replaces: ResourceFile | None = None) -> ResourceFile:
    """Attach a file, or a new version of one (the old version stays, no longer current)."""
    resource = _locked(resource)
    _require(actor.has_perm("library.edit_resource", resource), _("You cannot edit this resource."))
    if replaces is not None and (replaces.resource_id != resource.pk or not replaces.is_current):
        raise ValidationError(_("Only the current version of one of this resource's files can be replaced."))
    file = store_file(actor=actor, resource=resource, upload=upload, replaces=replaces)
    audit.record(actor=actor, action="resource.file_added", target=resource, file=file.pk, version=file.version)
    indexing.index(resource)
    return file


@transaction.atomic
def remove_file(*, actor, file: ResourceFile) -> None:
    """Take a file (every version of it) off a resource."""
    resource = _locked(file.resource)
    _require(actor.has_perm("library.edit_resource", resource), _("You cannot edit this resource."))
    versions = [file]
    while versions[-1].replaces_id:
        versions.append(versions[-1].replaces)
    for version in versions:
        version.file.delete(save=False)
        version.delete()
    audit.record(actor=actor, action="resource.file_removed", target=resource, versions=len(versions))
    if resource.status in UNDER_REVIEW:
        refresh_review(resource)
    indexing.index(resource)


def record_extracted_text(*, file: ResourceFile, text: str, pages: int | None, error: str) -> None:
    """The worker's result of text extraction: stored, searchable, and reviewed when the resource is a draft."""
    with transaction.atomic():
        ResourceFile.objects.filter(pk=file.pk).update(
            text=text, pages=pages, extraction_error=error[:300],
            extraction=ResourceFile.Extraction.FAILED if error and not text else ResourceFile.Extraction.DONE)
        resource = _locked(file.resource)
        if resource.status in UNDER_REVIEW:
            refresh_review(resource)
        indexing.index(resource)


def refresh_review(resource: Resource) -> int:
    """Run the personal-data review again: open flags are replaced by what is found now, and nothing an
    officer dismissed comes back. Returns the number of open flags."""
    dismissed = set(resource.redaction_flags.filter(state=RedactionFlag.State.DISMISSED)
                    .values_list("field", "kind", "text"))
    resource.redaction_flags.filter(state=RedactionFlag.State.OPEN).delete()
    flags = [RedactionFlag(resource=resource, field=item.field, kind=item.kind, text=item.text)
             for item in review.findings(resource) if (item.field, item.kind, item.text) not in dismissed]
    RedactionFlag.objects.bulk_create(flags)
    return len(flags)


@transaction.atomic
def redact(*, actor, flag: RedactionFlag) -> Resource:
    """Remove the flagged text wherever it appears in that field (a file: the file itself goes).

    The audit entry and the flag keep the kind only, never the removed text.
    """
    resource = _locked(flag.resource)
    _require(actor.has_perm("library.curate_resource", resource), _("Only helpdesk officers review personal data."))
    if flag.state != RedactionFlag.State.OPEN:
        raise ValidationError(_("This flag was already dealt with."))
    if flag.field.startswith("file:"):
        for file in resource.files.filter(is_current=True, name=flag.field.removeprefix("file:")):
            remove_file(actor=actor, file=file)
    else:
        setattr(resource, flag.field, review.redacted(getattr(resource, flag.field), flag.text, flag.kind))
        resource.save(update_fields=[flag.field, "updated_at"])
    RedactionFlag.objects.filter(pk=flag.pk).update(state=RedactionFlag.State.REDACTED, text="", resolved_by=actor,
                                                    resolved_at=timezone.now())
    audit.record(actor=actor, action="resource.redacted", target=resource, kind=flag.kind, field=flag.field)
    refresh_review(resource)
    indexing.index(resource)  # its "did you mean" words are rewritten without the flagged text
    return resource


@transaction.atomic
def dismiss(*, actor, flag: RedactionFlag) -> None:
    """Not personal data (an officer's judgement, recorded); it will not be flagged again."""
    _require(actor.has_perm("library.curate_resource", flag.resource),
             _("Only helpdesk officers review personal data."))
    updated = RedactionFlag.objects.filter(pk=flag.pk, state=RedactionFlag.State.OPEN).update(
        state=RedactionFlag.State.DISMISSED, resolved_by=actor, resolved_at=timezone.now())
    if not updated:
        raise ValidationError(_("This flag was already dealt with."))
    audit.record(actor=actor, action="resource.flag_dismissed", target=flag.resource, kind=flag.kind,
                 field=flag.field)


@transaction.atomic
def submit_for_review(*, actor, resource: Resource) -> Resource:
    """A draft is ready: another officer will check it and publish it."""
    resource = _locked(resource)
    _require(actor.has_perm("library.edit_resource", resource), _("You cannot edit this resource."))
    if resource.status != Resource.Status.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    resource.status, resource.submitted_by = Resource.Status.IN_REVIEW, actor
    resource.save(update_fields=["status", "submitted_by", "updated_at"])
    refresh_review(resource)
    audit.record(actor=actor, action="resource.submitted", target=resource)
    indexing.index(resource)
    return resource


@transaction.atomic
def publish(*, actor, resource: Resource) -> Resource:
    """A second officer approves a resource in review: it becomes visible to its audience.

    Refused while personal-data flags are open, and to the officer who sent it for review.
    """
    resource = _locked(resource)
    _require(actor.has_perm("library.curate_resource", resource), _("Only helpdesk officers publish resources."))
    if resource.status != Resource.Status.IN_REVIEW:
        raise ValidationError(_("Only a resource in review can be published."))
    if actor.pk in {resource.submitted_by_id, resource.created_by_id}:
        raise PermissionDenied(_("A second officer must approve: you prepared this resource."))
    open_flags = resource.redaction_flags.filter(state=RedactionFlag.State.OPEN).count()
    if open_flags:
        raise ValidationError(_("%(count)s possible personal data items are still to be reviewed.")
                              % {"count": open_flags})
    resource.status, resource.approved_by, resource.published_at = (Resource.Status.PUBLISHED, actor,
                                                                     timezone.now())
    resource.save(update_fields=["status", "approved_by", "published_at", "updated_at"])
    audit.record(actor=actor, action="resource.published", target=resource)
    indexing.index(resource)
    return resource


def _curate(actor, resource: Resource, *, expected: str, new: str, action: str, refusal: str) -> Resource:
    """A curator's plain status change: checked, saved, audited and indexed."""
    resource = _locked(resource)
    _require(actor.has_perm("library.curate_resource", resource), _("Only helpdesk officers review resources."))
    if resource.status != expected:
        raise ValidationError(refusal)
    resource.status = new
    resource.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=action, target=resource)
    indexing.index(resource)
    return resource


@transaction.atomic
def send_back(*, actor, resource: Resource) -> Resource:
    """The reviewer returns a resource in review to draft, for more work."""
    return _curate(actor, resource, expected=Resource.Status.IN_REVIEW, new=Resource.Status.DRAFT,
                   action="resource.sent_back", refusal=_("Only a resource in review can be sent back."))


@transaction.atomic
def archive(*, actor, resource: Resource) -> Resource:
    """Out of date: no longer offered in search or browsing; its permanent address still answers."""
    return _curate(actor, resource, expected=Resource.Status.PUBLISHED, new=Resource.Status.ARCHIVED,
                   action="resource.archived", refusal=_("Only a published resource can be archived."))


@transaction.atomic
def import_resource(*, actor, title: str, source: str, fields: dict, topics: Iterable, countries: Iterable,
                    upload=None) -> tuple[str, Resource]:
    """Create or update (same title and source) a published resource from an administrator's import;
    returns ("created" | "updated" | "unchanged", resource). Curated imports are published at once."""
    resource = Resource.objects.select_for_update().filter(title=title, source=source).first()
    outcome = "updated"
    if resource is None:
        resource = Resource(title=title, source=source, created_by=actor, status=Resource.Status.PUBLISHED,
                            published_at=timezone.now(), approved_by=actor)
        outcome = "created"
    topics, countries = list(topics), list(countries)
    changed = outcome == "created" or any(getattr(resource, name) != value for name, value in fields.items()) or \
        set(resource.topics.all()) != set(topics) or set(resource.countries.all()) != set(countries)
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.save()
    resource.topics.set(topics)
    resource.countries.set(countries)
    if upload is not None:
        current = resource.files.filter(is_current=True, name=upload.name).first()
        if current is None or current.sha256 != hashlib.sha256(upload.read()).hexdigest():
            upload.seek(0)
            store_file(actor=actor, resource=resource, upload=upload, replaces=current)
            changed = True
    if not changed:
        return "unchanged", resource
    audit.record(actor=actor, action=f"resource.imported_{outcome}", target=resource)
    indexing.index(resource)
    return outcome, resource


@transaction.atomic
def bank_answer(*, actor, query, answers: Iterable, attachments: Iterable = ()) -> Resource:
    """Turn an answered query into a draft Q&A resource, generalised and ready for the redaction review.

    The requester and their organisation are left out; a confidential query's country becomes its
    region. `answers` are replies of the query; `attachments` files of its messages to copy.
    """
    _require(actor.has_perm("library.curate") and query_access(actor, query).can_work,
             _("Only helpdesk officers working on this query can bank its answer."))
    if query.answered_at is None:
        raise ValidationError(_("Only an answered query can be banked."))
    answers = [message for message in answers if message.query_id == query.pk and message.kind == Message.Kind.REPLY]
    if not answers:
        raise ValidationError(_("Choose at least one reply to bank as the answer."))
    question = selectors.question(query)
    body = "\n\n".join([_("Question:"), question.body if question else query.subject, _("Answer:"),
                        *(message.reply_text or message.body for message in answers)])
    generalise = query.sensitivity >= Sensitivity.CONFIDENTIAL
    resource = Resource.objects.create(
        title=query.subject, body=body, type=Resource.Type.QA, language=query.language if query.language in {
            code for code, _name in Resource._meta.get_field("language").choices} else "en",
        source=_("CP AoR Helpdesk"), year=(query.answered_at or timezone.now()).year,
        visibility=Resource.Visibility.MEMBERS, source_query=query, created_by=actor)
    resource.topics.set(query.topics.all())
    if query.country_id:
        if generalise and query.country.region_id:
            resource.regions.set([query.country.region_id])
        elif not generalise:
            resource.countries.set([query.country_id])
    for attachment in attachments:
        if attachment.message.query_id != query.pk:
            continue
        with attachment.file.open("rb") as stored:
            upload = ContentFile(stored.read(), name=attachment.original_name)
        store_file(actor=actor, resource=resource, upload=upload)
    audit.record(actor=actor, action="resource.banked", target=resource, query=query.reference)
    timeline.record(query, EventKind.BANKED, actor=actor, resource=resource.pk)
    refresh_review(resource)
    indexing.index(resource)
    return resource


def record_use(*, resource: Resource, download: bool = False, visitor: str = "") -> None:
    """Count one look at `resource` (its page, or with `download` one of its files) in today's counters.

    Only the day's totals are kept: nothing about who looked. `visitor`, an opaque fingerprint of the reader,
    counts each reader once a day per resource and kind of use (it lives in the cache until the day ends and
    is never stored), so reloading a page does not push a resource up the "most used" list. Staff looking at a
    draft or a resource in review are preparing it, not using the repository: only published and archived
    resources count. One UPDATE in the common case; the day's first look creates the row, and two first looks
    at once fall back to the update.
    """
    if resource.status not in (Resource.Status.PUBLISHED, Resource.Status.ARCHIVED):
        return
    counter = "downloads" if download else "views"
    day = timezone.localdate()
    if visitor and not cache.add(_seen_key(visitor, resource, counter, day), True, USE_DEDUP_SECONDS):
        return
    if ResourceUse.objects.filter(resource=resource, day=day).update(**{counter: F(counter) + 1}):
        return
    try:
        with transaction.atomic():
            ResourceUse.objects.create(resource=resource, day=day, **{counter: 1})
    except IntegrityError:
        ResourceUse.objects.filter(resource=resource, day=day).update(**{counter: F(counter) + 1})


USE_DEDUP_SECONDS = 24 * 3600


def _seen_key(visitor: str, resource: Resource, counter: str, day) -> str:
    digest = hashlib.sha256(f"{visitor}|{resource.pk}|{counter}|{day.isoformat()}".encode()).hexdigest()
    return f"library:seen:{digest[:40]}"
