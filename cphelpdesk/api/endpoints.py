"""The API of the query service: submit, list, read, reply (with files too, as multipart/form-data), and the
staff's work on a query (triage, assign, refer, note, answer, close, reopen, merge, withdraw, gaps), calling the
same actions as the website, which check the same permissions. See docs/architecture.md, "The API"."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from ninja import File, Form, Query, Status, UploadedFile
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from cphelpdesk.api import communities, gaps, lookups, ratings, resources
from cphelpdesk.api.auth import ReadOnlyToken, StaffWithoutMFA, TokenAuth, TokenExpired
from cphelpdesk.api.conditional import (
    BadCursor,
    PreconditionFailed,
    PreconditionRequired,
    etag,
    keyset_page,
    next_url,
    precondition_failure,
)
from cphelpdesk.api.docs import ReadableDocs
from cphelpdesk.api.openapi import ETAG, IF_MATCH_HONOURED, IF_MATCH_REQUIRED, HelpdeskAPI
from cphelpdesk.api.problems import Problem, field_errors, problem
from cphelpdesk.api.schemas import (
    AnswerIn,
    AssignmentIn,
    AssignmentOut,
    GapLinkIn,
    GapOut,
    ListFilters,
    MergeIn,
    MessageOut,
    NoteIn,
    QueryDetail,
    QueryIn,
    QueryPage,
    ReferralIn,
    ReferralOut,
    ReopenIn,
    ReplyIn,
    TriageIn,
)
from cphelpdesk.core.pagination import CappedPaginator
from cphelpdesk.directory.models import Member
from cphelpdesk.queries import actions, selectors
from cphelpdesk.queries.access import can_see_attachment, query_access, visible_messages, visible_queries
from cphelpdesk.queries.models import OPEN_STATUSES, Assignment, Attachment, Channel, Gap, Message, Referral
from cphelpdesk.queries.models import Query as QueryModel
from cphelpdesk.queries.selectors import open_findings

api = HelpdeskAPI(
    title="CP Helpdesk API", version="1", auth=TokenAuth(), urls_namespace="api", docs_url="/docs", docs=ReadableDocs(),
    openapi_url="/openapi.json",
    description="Queries of the CP AoR Helpdesk. Authenticate with `Authorization: Bearer <token>`; make a "
                "token on your profile page or with `manage.py create_api_token EMAIL`. Single objects carry an "
                "ETag; a change to a query's state or to a gap needs `If-Match` with it (428 without, 412 if "
                "the object changed since). Lists are read page by page through `next`. Every error is an RFC "
                "9457 problem (`application/problem+json`).",
)


# --- errors: every one an RFC 9457 problem ------------------------------------------------------------

@api.exception_handler(actions.InvalidTransition)
def invalid_transition(request, exc):
    return problem(request, "invalid-transition", " ".join(exc.messages))


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = None
    if hasattr(exc, "error_dict"):
        errors = [{"loc": ["body", field], "msg": " ".join(messages), "type": "invalid"}
                  for field, messages in exc.message_dict.items()]
    return problem(request, "bad-request", " ".join(exc.messages), errors=errors)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return problem(request, "forbidden", str(exc) or "You may not do this.")


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(request, "not-found", "Not found.")


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return problem(request, "unauthenticated",
                   "Missing or invalid API token (send `Authorization: Bearer <token>`).",
                   headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(StaffWithoutMFA)
def staff_without_mfa(request, exc):
    return problem(request, "mfa-required", "Staff accounts must set up two-factor authentication on the website "
                                            "before using the API.")


@api.exception_handler(TokenExpired)
def token_expired(request, exc):
    return problem(request, "token-expired", "This API token has expired; make a new one on your profile page.",
                   headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


@api.exception_handler(ReadOnlyToken)
def read_only_token(request, exc):
    return problem(request, "read-only-token", "This API token may only read; use a token with read and write "
                                               "access to change anything.")


@api.exception_handler(NinjaValidationError)
def malformed(request, exc):
    return problem(request, "invalid", "The request is not valid.", errors=field_errors(exc.errors))


@api.exception_handler(HttpError)
def http_error(request, exc):
    """Ninja's own refusals (a body that is not JSON...)."""
    slug = {400: "bad-request", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
            429: "too-many-requests"}.get(exc.status_code, "bad-request")
    return problem(request, slug, str(exc), status=exc.status_code)


@api.exception_handler(PreconditionRequired)
def precondition_required(request, exc):
    return problem(request, "precondition-required", str(exc))


@api.exception_handler(PreconditionFailed)
def precondition_failed(request, exc):
    return problem(request, "edit-conflict", str(exc))


@api.exception_handler(RequestDataTooBig)
def form_field_too_large(request, exc):
    """The fields of a multipart form past DATA_UPLOAD_MAX_MEMORY_SIZE (its files have their own limits)."""
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return problem(request, "too-large", f"The form's fields are too large; the limit is {limit}.")


@api.exception_handler(BadCursor)
def bad_cursor(request, exc):
    return problem(request, "bad-request", "This cursor is not one this list gave; start again from the first page.")


def unknown_endpoint(request, path=""):
    """Unknown paths under /api/ answer with a problem too."""
    return problem(request, "not-found", "No such API endpoint; see /api/openapi.json.")


# --- helpers ---------------------------------------------------------------------------------------------

def _summary(query: QueryModel, staff: bool) -> dict:
    return {
        "reference": query.reference, "subject": query.subject, "status": query.status, "outcome": query.outcome,
        "country": query.country.iso2 if query.country_id else None, "language": query.language,
        "channel": query.channel, "urgency": query.urgency, "received_at": query.received_at,
        # The SLA is the staff's business; requesters see their status, as on the web.
        "first_response_due": query.first_response_due if staff else None,
        "resolution_due": query.resolution_due if staff else None,
        "url": reverse("queries:detail", args=[query.reference]),
    }


def _visible_query(request, reference: str) -> QueryModel:
    query = QueryModel.objects.select_related("country", "desk").filter(reference=reference[:20]).first()
    if query is None or not query_access(request.user, query).can_view:
        raise Http404
    return query


def _message(query: QueryModel, message: Message, attachments=()) -> dict:
    return {"kind": message.kind, "author": message.author_label, "body": message.body,
            "created_at": message.created_at,
            "attachments": [{"name": a.original_name, "size": a.size, "content_type": a.content_type,
                             "url": reverse("api:download_attachment", args=[query.reference, a.pk])}
                            for a in attachments]}


def _assignment(assignment: Assignment) -> dict:
    return {"id": assignment.pk, "member": str(assignment.member), "role": assignment.role,
            "assigned_at": assignment.assigned_at}


def _referral(referral: Referral) -> dict:
    return {"id": referral.pk, "destination": referral.destination, "recipient_name": referral.recipient_name,
            "status": referral.status, "sent_at": referral.sent_at, "due_at": referral.due_at,
            "answered_at": referral.answered_at}


def _detail(request, query: QueryModel) -> dict:
    """The query as `request.user` may see it: what GET answers, and what its ETag is the digest of."""
    access = query_access(request.user, query)
    messages = [
        _message(query, message, [a for a in message.attachments.all() if can_see_attachment(access, a)])
        for message in visible_messages(access, query).select_related("author").prefetch_related("attachments")]
    detail = {
        **_summary(query, access.staff), "service_type": query.service_type,
        "topics": sorted(query.topics.values_list("code", flat=True)), "messages": messages,
        "privacy_flags": None, "sensitivity": None, "sla_class": None, "desk": None, "assignments": None,
        "referrals": None, "gaps": None,
    }
    if access.staff:
        detail.update(
            # Open personal-data findings (their kinds; the text is on the query page, for officers).
            privacy_flags=[{"id": finding.pk, "kind": finding.kind} for finding in open_findings(access, query)],
            sensitivity=query.sensitivity, sla_class=query.sla_class, desk=query.desk.code if query.desk else None,
            assignments=[_assignment(assignment) for assignment in
                         query.assignments.filter(ended_at__isnull=True).select_related("member")],
            referrals=[_referral(referral) for referral in query.referrals.all()],
            gaps=[{"id": gap.pk, "title": gap.title, "status": gap.status} for gap in query.gaps.order_by("pk")],
        )
    return detail


def _read(request, response: HttpResponse, query: QueryModel) -> dict:
    """The query afresh, with its ETag on `response`."""
    detail = _detail(request, QueryModel.objects.select_related("country", "desk").get(pk=query.pk))
    response["ETag"] = etag(detail)
    return detail


def _change(request, reference: str, change: Callable[[QueryModel], Any], *, required: bool = True) -> Any:
    """`change(query)` under the query's row lock and its If-Match precondition (`required`, or honoured if
    sent). Who may not do it is refused first (404, 403), then a stale or missing If-Match (412, 428) before
    what the query's state refuses (409, 400); a change made against a stale version is rolled back."""
    with transaction.atomic():
        # Locked before its ETag is computed, so that no change slips in between the check and the action.
        list(QueryModel.objects.select_for_update().filter(reference=reference[:20]).values_list("pk"))
        query = _visible_query(request, reference)
        failure = precondition_failure(request, etag(_detail(request, query)), required=required)
        try:
            result = change(query)
        except ValidationError:
            if failure:
                raise failure from None
            raise
        if failure:
            raise failure
    return result


# --- reading and writing queries -------------------------------------------------------------------------

def _submit(request, payload: QueryIn, attachments=()) -> QueryModel:
    topics = lookups.topics(payload.topics)
    if not payload.no_child_details_confirmed:
        raise ValidationError("Confirm that the question contains no child's identifying details.")
    return actions.submit_query(
        requester=request.user, subject=payload.subject, question=payload.question,
        country=lookups.country(payload.country), language=payload.language, topics=topics, urgency=payload.urgency,
        service_type=payload.service_type, needed_by=payload.needed_by, channel=Channel.API, attachments=attachments,
        no_child_details_confirmed=True,
    )


@api.post("/queries", response={201: QueryDetail}, summary="Submit a query")
def create_query(request, payload: QueryIn):
    return Status(201, _detail(request, _submit(request, payload)))


# Registered before /queries/{reference}, which would otherwise take this path for a reference.
@api.post("/queries/with-attachments", response={201: QueryDetail}, summary="Submit a query with attachments")
def create_query_with_attachments(request, payload: Form[QueryIn], files: File[list[UploadedFile]]):
    """As `POST /api/queries`, sent as multipart/form-data: the same fields (`topics` repeated), and the files
    as `files` (repeated). Each file is checked as on the website (size, type against its bytes, archives that
    would expand too far); a refused file refuses the query (400), which is not recorded."""
    return Status(201, _detail(request, _submit(request, payload, files)))


@api.get("/queries", response=QueryPage, summary="List the queries you may see")
def list_queries(request, response: HttpResponse, filters: Query[ListFilters]):
    """Staff get their queue (open queries unless `status` says otherwise); members their own queries. Newest
    first; `next` (and the `Link` header) leads to the following page."""
    if filters.page != 1:
        raise ValidationError("Pages are no longer numbered: follow `next` from the first page.")
    user = request.user
    staff = user.has_perm("queries.use_queue")
    country = lookups.country(filters.country)
    topic = lookups.topic(filters.topic)
    default_statuses = list(OPEN_STATUSES) if staff else []
    listing = selectors.queue_listing(user, selectors.QueueFilters(
        statuses=[str(s) for s in filters.status] or default_statuses, country=country and country.pk,
        topic=topic and topic.pk, search=filters.search, overdue=filters.overdue and staff))
    queries = listing.queries
    paginator = CappedPaginator(queries, filters.page_size, counter=listing.counter)
    page, cursor = keyset_page(queries.select_related("country"), "received_at", filters.cursor, filters.page_size,
                               "queries")
    following = next_url(request, cursor)
    if following:
        response["Link"] = f'<{following}>; rel="next"'
    return {"count": paginator.count, "count_is_capped": paginator.capped, "next": following,
            "results": [_summary(query, staff) for query in page]}


@api.get("/queries/{reference}", response=QueryDetail, summary="Read one query", openapi_extra=ETAG)
def read_query(request, response: HttpResponse, reference: str):
    query = _visible_query(request, reference)
    actions.record_access(actor=request.user, query=query)
    return _read(request, response, query)


@api.get("/queries/{reference}/attachments/{attachment_id}", url_name="download_attachment",
         summary="Download an attachment", response={200: None})
def download_attachment(request, reference: str, attachment_id: int):
    """The file, for those who may read its message (the same check as the website's download)."""
    query = _visible_query(request, reference)
    access = query_access(request.user, query)
    attachment = Attachment.objects.filter(pk=attachment_id, message__query=query).select_related("message").first()
    if attachment is None or not can_see_attachment(access, attachment):
        raise Http404
    actions.record_access(actor=request.user, query=query, attachment=attachment)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


def _reply(request, reference: str, payload: ReplyIn, attachments=()) -> Message:
    """The message of either reply route, with its files (the action checks each one)."""
    def change(query):
        if query_access(request.user, query).staff:
            return actions.reply(actor=request.user, query=query, body=payload.body, internal=payload.internal,
                                 awaiting_requester=payload.awaiting_requester, attachments=attachments)
        if payload.internal or payload.awaiting_requester:
            raise PermissionDenied("Only helpdesk staff can add internal notes or pause a query.")
        return actions.add_information(actor=request.user, query=query, body=payload.body, attachments=attachments)

    return _change(request, reference, change, required=False)


@api.post("/queries/{reference}/replies", response={201: MessageOut, 409: Problem}, summary="Reply to a query",
          openapi_extra=IF_MATCH_HONOURED)
def reply_to_query(request, reference: str, payload: ReplyIn):
    """Staff reply to the requester (or add an internal note); a requester adds information."""
    message = _reply(request, reference, payload)
    return Status(201, _message(message.query, message))


@api.post("/queries/{reference}/attachments", response={201: MessageOut, 409: Problem},
          summary="Reply to a query with attachments", openapi_extra=IF_MATCH_HONOURED)
def reply_with_attachments(request, reference: str, payload: Form[ReplyIn], files: File[list[UploadedFile]]):
    """As `POST .../replies`, sent as multipart/form-data with the files as `files` (repeated): each is checked
    as on the website (size, type against its bytes, archives that would expand too far), and a refused file
    refuses the message (400). The files download from `.../attachments/{attachment_id}`."""
    message = _reply(request, reference, payload, files)
    return Status(201, _message(message.query, message, message.attachments.all()))


@api.post("/queries/{reference}/notes", response={201: MessageOut, 409: Problem}, summary="Add an internal note",
          openapi_extra=IF_MATCH_HONOURED)
def add_note(request, reference: str, payload: NoteIn):
    """Staff who work on the query as staff (its officers, assigned experts, referred focal points) write a note
    the requester never sees."""
    note = _change(request, reference, lambda query: actions.reply(actor=request.user, query=query,
                                                                    body=payload.body, internal=True),
                   required=False)
    return Status(201, _message(note.query, note))


@api.patch("/queries/{reference}", response={200: QueryDetail, 409: Problem}, summary="Triage a query",
           openapi_extra={**IF_MATCH_REQUIRED, **ETAG})
def triage_query(request, response: HttpResponse, reference: str, payload: TriageIn):
    """Set topics, country, urgency, service type (the SLA class follows from these two), sensitivity or desk;
    only the fields sent change. A new query becomes triaged."""
    desk = lookups.desk(payload.desk)
    topics = lookups.topics(payload.topics) if payload.topics is not None else None
    country = lookups.country(payload.country)
    query = _change(request, reference, lambda query: actions.triage(
        actor=request.user, query=query, topics=topics, country=country, urgency=payload.urgency,
        service_type=payload.service_type, sensitivity=payload.sensitivity, desk=desk))
    return _read(request, response, query)


@api.post("/queries/{reference}/assignments", response={201: AssignmentOut, 409: Problem},
          summary="Assign someone to a query", openapi_extra=IF_MATCH_REQUIRED)
def assign(request, reference: str, payload: AssignmentIn):
    member = Member.objects.with_email(payload.member).filter(pk__in=selectors.staff_members().values("pk")).first()
    if member is None:
        raise ValidationError("No helpdesk officer, manager, expert or focal point has this address.")
    assignment = _change(request, reference, lambda query: actions.assign(
        actor=request.user, query=query, member=member, role=payload.role))
    return Status(201, _assignment(assignment))


@api.delete("/queries/{reference}/assignments/{assignment_id}", response={204: None, 409: Problem},
            summary="Take someone off a query", openapi_extra=IF_MATCH_REQUIRED)
def unassign(request, reference: str, assignment_id: int):
    def change(query):
        assignment = query.assignments.filter(pk=assignment_id, ended_at__isnull=True).first()
        if assignment is None:
            raise Http404
        actions.unassign(actor=request.user, assignment=assignment)

    _change(request, reference, change)
    return Status(204, None)


@api.post("/queries/{reference}/referrals", response={201: ReferralOut, 409: Problem},
          summary="Refer a query", openapi_extra=IF_MATCH_REQUIRED)
def refer(request, reference: str, payload: ReferralIn):
    """Send the query outside the desk; the recipient is mailed a link to answer (or, with an account, answers
    here). The SLA clock waits for their hand-off."""
    referral = _change(request, reference, lambda query: actions.refer(
        actor=request.user, query=query, destination=payload.destination, recipient_name=payload.recipient_name,
        recipient_email=payload.recipient_email, reason=payload.reason))
    return Status(201, _referral(referral))


@api.post("/queries/{reference}/referrals/{referral_id}/answer", response={201: MessageOut, 409: Problem},
          summary="Answer a referral sent to you", openapi_extra=IF_MATCH_HONOURED)
def answer_referral(request, reference: str, referral_id: int, payload: NoteIn):
    """The member a referral was sent to answers it signed in, as they would through the mailed link; the
    answer lands on the query as an internal note."""
    def change(query):
        referral = query.referrals.filter(pk=referral_id).first()
        if referral is None:
            raise Http404
        return actions.answer_referral(referral=referral, body=payload.body, actor=request.user)

    note = _change(request, reference, change, required=False)
    return Status(201, _message(note.query, note))


def _transition(path: str, summary: str):
    """How a change of the query's state is routed: a POST that needs If-Match, and answers with the query afresh
    and its new ETag, or 409 when the query's status does not allow it."""
    return api.post(f"/queries/{{reference}}/{path}", response={200: QueryDetail, 409: Problem}, summary=summary,
                    openapi_extra={**IF_MATCH_REQUIRED, **ETAG})


@_transition("answer", "Mark a query answered")
def mark_answered(request, response: HttpResponse, reference: str, payload: AnswerIn):
    """Record that the requester has their answer, and how (full, partial...); they are asked to rate it."""
    query = _change(request, reference, lambda query: actions.mark_answered(
        actor=request.user, query=query, outcome=payload.outcome))
    return _read(request, response, query)


@_transition("close", "Close an answered query")
def close(request, response: HttpResponse, reference: str):
    query = _change(request, reference, lambda query: actions.close(actor=request.user, query=query))
    return _read(request, response, query)


@_transition("reopen", "Reopen a query")
def reopen(request, response: HttpResponse, reference: str, payload: ReopenIn):
    query = _change(request, reference, lambda query: actions.reopen(
        actor=request.user, query=query, reason=payload.reason))
    return _read(request, response, query)


@_transition("withdraw", "Withdraw a query")
def withdraw(request, response: HttpResponse, reference: str):
    """The requester no longer needs an answer (or staff who work on the query record that for them)."""
    query = _change(request, reference, lambda query: actions.withdraw(actor=request.user, query=query))
    return _read(request, response, query)


@_transition("merge", "Merge a query into another")
def merge(request, response: HttpResponse, reference: str, payload: MergeIn):
    """Close this query as a duplicate of `into` (an open query); its thread stays readable. The If-Match is
    this query's."""
    def change(query):
        into_reference = payload.into.strip().upper()
        # Only a query this person may see: the answer must not reveal which references exist.
        into = visible_queries(request.user).filter(reference=into_reference).first()
        if into is None:
            raise ValidationError(f"You have no query with the reference {into_reference}.")
        return actions.merge(actor=request.user, query=query, into=into)

    return _read(request, response, _change(request, reference, change))


@api.post("/queries/{reference}/gaps", response={201: GapOut, 409: Problem},
          summary="Link a query to a gap in guidance", openapi_extra=IF_MATCH_HONOURED)
def link_gap(request, reference: str, payload: GapLinkIn):
    """Link to a gap of the register (`gap`), or note a new one (`title`...) linked to the query."""
    gap = None
    if payload.gap is not None:
        gap = Gap.objects.filter(pk=payload.gap).first()
        if gap is None:
            raise ValidationError(f"No gap has the id {payload.gap}.")
    topic = lookups.topic(payload.topic)
    gap = _change(request, reference, lambda query: actions.flag_gap(
        actor=request.user, query=query, gap=gap, title=payload.title, topic=topic, description=payload.description),
        required=False)
    return Status(201, gaps.representation(request, gap))


for prefix, routes in (("/gaps", gaps), ("/resources", resources), ("", ratings)):
    api.add_router(prefix, routes.router)
communities.install(api)
