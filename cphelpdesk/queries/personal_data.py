"""What the query service keeps about people, and how each path of `core.erasure` erases it."""

import re
import zipfile
from pathlib import Path as FilePath

from django.db import transaction

from cphelpdesk.core.erasure import FORMER_MEMBER, Path, Stage, Target, register, scrub
from cphelpdesk.core.models import AuditEntry
from cphelpdesk.detection.detector import find_personal_data
from cphelpdesk.queries import indexing, timeline
from cphelpdesk.queries.exports import AUDIT_ACTION
from cphelpdesk.queries.models import Attachment, EventKind, Message, Query, QueryEvent, Referral

# What a message of a query closed as an individual case says instead (stored: the working language).
INDIVIDUAL_CASE_PLACEHOLDER = "[Details of an individual case were removed by the helpdesk.]"


def queries_asked(target: Target) -> None:
    """An erased member's queries are the ones whose copies of them go."""
    asked = Query.objects.filter(requester_id__in=target.members).values_list("pk", flat=True)
    target.queries = list(dict.fromkeys([*target.queries, *asked]))


def find_requesters(target: Target) -> None:
    """The requesters' names and addresses, and what the detector finds in their messages (a signature's
    phone number and address), are to go from every copy."""
    for name, email in Query.objects.filter(pk__in=target.queries).values_list("requester_name", "requester_email"):
        if name != FORMER_MEMBER:
            target.add_person(name, email)
    for body, language in (Message.objects.filter(query_id__in=target.queries, kind=Message.Kind.REQUESTER)
                           .values_list("body", "query__language")):
        target.add_words(*(found.text for found in find_personal_data(body, language)))


def strip_individual_case(target: Target) -> None:
    """Every message (its text, HTML and trimmed reply), referral text and file of the queries goes: the
    thread may quote the child's details anywhere."""
    target.counts["messages"] = Message.objects.filter(query_id__in=target.queries).update(
        body=INDIVIDUAL_CASE_PLACEHOLDER, body_html="", reply_text="")
    Referral.objects.filter(query_id__in=target.queries).update(reason=INDIVIDUAL_CASE_PLACEHOLDER, outcome="")
    target.counts["attachments"] = _delete_files(Attachment.objects.filter(message__query_id__in=target.queries))
    Query.objects.filter(pk__in=target.queries).update(personal_data=False)


def _delete_files(attachments) -> int:
    storage = attachments.model._meta.get_field("file").storage
    names = [name for name in attachments.values_list("file", flat=True) if name]
    removed = attachments.delete()[0]
    # Files go once the rows are gone for good (a rollback must not leave rows without files).
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return removed


def _scrub_texts(target: Target) -> None:
    """Take the target's words out of the queries' subjects, messages and referral texts."""
    if not target.words:
        return
    for query in Query.objects.filter(pk__in=target.queries).only("pk", "subject"):
        Query.objects.filter(pk=query.pk).update(subject=scrub(query.subject, target.words)[:250],
                                                 personal_data=False)
    for message in Message.objects.filter(query_id__in=target.queries).only("pk", "body", "body_html",
                                                                             "reply_text"):
        Message.objects.filter(pk=message.pk).update(**{field: scrub(getattr(message, field), target.words)
                                                       for field in ("body", "body_html", "reply_text")})
    for referral in Referral.objects.filter(query_id__in=target.queries).only("pk", "reason", "outcome"):
        Referral.objects.filter(pk=referral.pk).update(reason=scrub(referral.reason, target.words),
                                                       outcome=scrub(referral.outcome, target.words))


def forget_members(target: Target) -> None:
    """Members leave their queries (kept, with their facts, as a former member's), their messages and the
    timeline; their details leave the texts of the queries they asked."""
    _scrub_texts(target)
    Query.objects.filter(requester_id__in=target.members).update(requester_name=FORMER_MEMBER, requester_email="")
    Message.objects.filter(author_id__in=target.members).update(author_name="")
    QueryEvent.objects.filter(actor_id__in=target.members).exclude(actor_label="").update(actor_label="")


def forget_contacts(target: Target) -> None:
    """Requesters without an account leave their queries: name, address, the author of their messages, the
    timeline's labels, and their details in the texts."""
    _scrub_texts(target)
    Message.objects.filter(query_id__in=target.queries, kind=Message.Kind.REQUESTER).update(author_name="")
    QueryEvent.objects.filter(query_id__in=target.queries, actor__isnull=True).exclude(actor_label="").update(
        actor_label="")
    target.counts["queries"] = Query.objects.filter(pk__in=target.queries).update(requester_name="",
                                                                                  requester_email="")


def drop_attachments(target: Target) -> None:
    """Retention of files: the queries' files go, and each query's timeline says how many."""
    per_query: dict[int, int] = {}
    for query_id in Attachment.objects.filter(message__query_id__in=target.queries).values_list("message__query_id",
                                                                                                flat=True):
        per_query[query_id] = per_query.get(query_id, 0) + 1
    # Their findings go with them.
    target.counts["files"] = _delete_files(Attachment.objects.filter(message__query_id__in=target.queries))
    QueryEvent.objects.bulk_create([timeline.event(query_id, EventKind.RETENTION_FILES_REMOVED, count=count)
                                    for query_id, count in per_query.items()])


def delete_content_exports(target: Target) -> None:
    """Exports with message content written to disk by `manage.py export_queries` (their audit entries say
    where) that hold one of the queries are deleted: a copy on the server is a copy like any other."""
    references = list(Query.objects.filter(pk__in=target.queries).values_list("reference", flat=True))
    if not references:
        return
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(reference)}(?!\d)" for reference in references))
    entries = AuditEntry.objects.filter(action=AUDIT_ACTION, details__with_content=True,
                                        details__filters__via="export_queries")
    for filters in entries.values_list("details__filters", flat=True):
        output = FilePath((filters or {}).get("output") or "")
        if output.name and output.is_file() and pattern.search(_export_text(output)):
            output.unlink(missing_ok=True)


def _export_text(path: FilePath) -> str:
    """The text of an export file: a CSV as it is, an XLSX's sheets and shared strings."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                             if name.endswith(".xml"))
    return path.read_text(encoding="utf-8", errors="replace")


def reindex(target: Target) -> None:
    """The search index entries of the queries are rewritten from what is left."""
    for query in Query.objects.filter(pk__in=target.queries):
        indexing.index(query)


def register_steps() -> None:
    """Called from QueriesConfig.ready()."""
    people = (Path.ERASURE, Path.MEMBERS, Path.CONTACTS)
    register("queries", Path.ERASURE, Path.MEMBERS, step=queries_asked, stage=Stage.SCOPE)
    register("queries", *people, step=find_requesters, stage=Stage.FIND)
    register("queries", Path.INDIVIDUAL_CASE, step=strip_individual_case)
    register("queries", Path.ERASURE, Path.MEMBERS, step=forget_members)
    register("queries", Path.CONTACTS, step=forget_contacts)
    register("queries", Path.ATTACHMENTS, step=drop_attachments)
    register("queries", Path.INDIVIDUAL_CASE, *people, step=delete_content_exports)
    register("queries", Path.INDIVIDUAL_CASE, *people, step=reindex, stage=Stage.INDEX)
