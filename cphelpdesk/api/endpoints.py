"""The API: create, list, read and reply to queries, with exactly the web's permissions and actions."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja import Status as Created
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from cphelpdesk.api.auth import ReadOnlyToken, StaffWithoutMFA, TokenAuth, TokenExpired
from cphelpdesk.api.docs import ReadableDocs
from cphelpdesk.core.pagination import CappedPaginator
from cphelpdesk.directory.models import Country
from cphelpdesk.queries import actions, selectors
from cphelpdesk.queries.access import can_see_attachment, query_access, visible_messages
from cphelpdesk.queries.models import OPEN_STATUSES, Attachment, Channel, ServiceType, Status, Urgency
from cphelpdesk.queries.models import Query as QueryModel
from cphelpdesk.queries.selectors import open_findings
from cphelpdesk.taxonomy.models import Topic

api = NinjaAPI(
    title="CP Helpdesk API", version="1", auth=TokenAuth(), urls_namespace="api", docs_url="/docs", docs=ReadableDocs(),
    openapi_url="/openapi.json",
    description="Queries of the CP AoR Helpdesk. Authenticate with `Authorization: Bearer <token>`; make a "
                "token on your profile page or with `manage.py create_api_token EMAIL`.",
)


# --- errors: always JSON with a clear message --------------------------------------------------------

def _error(request, message, status: int, **extra):
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(actions.InvalidTransition)
def invalid_transition(request, exc):
    return _error(request, " ".join(exc.messages), 409)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return _error(request, " ".join(exc.messages), 400)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, str(exc) or "You may not do this.", 403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, "Not found.", 404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _error(request, "Missing or invalid API token (send `Authorization: Bearer <token>`).", 401)


@api.exception_handler(StaffWithoutMFA)
def staff_without_mfa(request, exc):
    return _error(request, "Staff accounts must set up two-factor authentication on the website before "
                           "using the API.", 403)


@api.exception_handler(TokenExpired)
def token_expired(request, exc):
    return _error(request, "This API token has expired; make a new one on your profile page.", 401)


@api.exception_handler(ReadOnlyToken)
def read_only_token(request, exc):
    return _error(request, "This API token may only read; use a token with read and write access to change "
                           "anything.", 403)


@api.exception_handler(NinjaValidationError)
def malformed(request, exc):
    return _error(request, "The request is not valid.", 422, errors=exc.errors)


# --- schemas ---------------------------------------------------------------------------------------------

class QueryIn(Schema):
    subject: str = Field(min_length=1, max_length=250)
    question: str = Field(min_length=1, max_length=20000)
    country: str | None = Field(None, description="ISO 3166 alpha-2 code; defaults to your profile's country")
    language: Literal["en", "fr", "es", "ar", "pt"] = "en"
    topics: list[str] = Field(default_factory=list, description="Topic codes, e.g. COORD.TOR")
    urgency: Urgency = Urgency.STANDARD
    service_type: ServiceType = ServiceType.QUESTION
    needed_by: date | None = None
    no_child_details_confirmed: bool = Field(
        description="You confirm the question contains no child's identifying details.")


class ReplyIn(Schema):
    body: str = Field(min_length=1, max_length=50000)
    internal: bool = Field(False, description="Staff only: an internal note, never sent to the requester")
    awaiting_requester: bool = Field(False, description="Staff only: wait for the requester (pauses the SLA)")


class QuerySummary(Schema):
    reference: str
    subject: str
    status: str
    outcome: str
    country: str | None
    language: str
    channel: str
    urgency: str
    received_at: datetime
    first_response_due: datetime | None
    resolution_due: datetime | None
    url: str


class AttachmentOut(Schema):
    name: str
    size: int
    content_type: str
    url: str


class MessageOut(Schema):
    kind: str
    author: str
    body: str
    created_at: datetime
    attachments: list[AttachmentOut]


class PrivacyFlag(Schema):
    id: int
    kind: str


class QueryDetail(QuerySummary):
    service_type: str
    topics: list[str]
    messages: list[MessageOut]
    privacy_flags: list[PrivacyFlag] | None = Field(
        None, description="Staff only: open personal-data findings on the query (id and kind)")


class QueryPage(Schema):
    count: int = Field(description="How many queries match, counted up to 1,001 (see count_is_capped)")
    count_is_capped: bool
    page: int
    page_size: int
    results: list[QuerySummary]


class ListFilters(Schema):
    status: list[Status] = Field(default_factory=list)
    country: str | None = None
    topic: str | None = None
    search: str = ""
    overdue: bool = False
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=100)


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
    query = QueryModel.objects.select_related("country").filter(reference=reference[:20]).first()
    if query is None or not query_access(request.user, query).can_view:
        raise Http404
    return query


def _country(code: str | None) -> Country | None:
    if not code:
        return None
    country = Country.objects.filter(iso2=code.upper()).first()
    if country is None:
        raise ValidationError(f"Unknown country code {code!r} (use ISO 3166 alpha-2, e.g. ML).")
    return country


# --- endpoints -------------------------------------------------------------------------------------------

@api.post("/queries", response={201: QueryDetail}, summary="Submit a query")
def create_query(request, payload: QueryIn):
    topics = list(Topic.objects.filter(code__in=payload.topics))
    if len(topics) != len(set(payload.topics)):
        unknown = sorted(set(payload.topics) - {topic.code for topic in topics})
        raise ValidationError(f"Unknown topic codes: {', '.join(unknown)}.")
    if not payload.no_child_details_confirmed:
        raise ValidationError("Confirm that the question contains no child's identifying details.")
    query = actions.submit_query(
        requester=request.user, subject=payload.subject, question=payload.question,
        country=_country(payload.country), language=payload.language, topics=topics, urgency=payload.urgency,
        service_type=payload.service_type, needed_by=payload.needed_by, channel=Channel.API,
        no_child_details_confirmed=True,
    )
    return Created(201, _detail(request, query))


@api.get("/queries", response=QueryPage, summary="List the queries you may see")
def list_queries(request, filters: Query[ListFilters]):
    """Staff get their queue (open queries unless `status` says otherwise); members their own queries."""
    user = request.user
    staff = user.has_perm("queries.use_queue")
    country = _country(filters.country)
    topic = None
    if filters.topic:
        topic = Topic.objects.filter(code=filters.topic).first()
        if topic is None:
            raise ValidationError(f"Unknown topic code {filters.topic!r}.")
    default_statuses = list(OPEN_STATUSES) if staff else []
    queries = selectors.queue(user, selectors.QueueFilters(
        statuses=[str(s) for s in filters.status] or default_statuses, country=country and country.pk,
        topic=topic and topic.pk, search=filters.search, overdue=filters.overdue and staff))
    paginator = CappedPaginator(queries, filters.page_size)
    start = (filters.page - 1) * filters.page_size
    page = list(queries[start:start + filters.page_size])
    return {"count": paginator.count, "count_is_capped": paginator.capped, "page": filters.page,
            "page_size": filters.page_size, "results": [_summary(query, staff) for query in page]}


@api.get("/queries/{reference}", response=QueryDetail, summary="Read one query")
def read_query(request, reference: str):
    query = _visible_query(request, reference)
    actions.record_access(request.user, query)
    return _detail(request, query)


def _detail(request, query: QueryModel) -> dict:
    access = query_access(request.user, query)
    messages = []
    for message in visible_messages(access, query).select_related("author").prefetch_related("attachments"):
        attachments = [a for a in message.attachments.all() if can_see_attachment(access, a)]
        messages.append({
            "kind": message.kind, "author": message.author_label, "body": message.body,
            "created_at": message.created_at,
            "attachments": [{"name": a.original_name, "size": a.size, "content_type": a.content_type,
                             "url": reverse("api:download_attachment", args=[query.reference, a.pk])}
                            for a in attachments],
        })
    return {
        **_summary(query, access.staff), "service_type": query.service_type,
        "topics": sorted(query.topics.values_list("code", flat=True)), "messages": messages,
        # Open personal-data findings (their kinds; the text is on the query page, for officers).
        "privacy_flags": [{"id": finding.pk, "kind": finding.kind} for finding in
                          open_findings(access, query)] if access.staff else None,
    }


@api.get("/queries/{reference}/attachments/{attachment_id}", url_name="download_attachment",
         summary="Download an attachment", response={200: None})
def download_attachment(request, reference: str, attachment_id: int):
    """The file, for those who may read its message (the same check as the website's download)."""
    query = _visible_query(request, reference)
    access = query_access(request.user, query)
    attachment = Attachment.objects.filter(pk=attachment_id, message__query=query).select_related("message").first()
    if attachment is None or not can_see_attachment(access, attachment):
        raise Http404
    actions.record_access(request.user, query, attachment)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type)


@api.post("/queries/{reference}/replies", response={201: MessageOut}, summary="Reply to a query")
def reply_to_query(request, reference: str, payload: ReplyIn):
    """Staff reply to the requester (or add an internal note); a requester adds information."""
    query = _visible_query(request, reference)
    access = query_access(request.user, query)
    if access.staff:
        message = actions.reply(author=request.user, query=query, body=payload.body, internal=payload.internal,
                                awaiting_requester=payload.awaiting_requester)
    else:
        if payload.internal or payload.awaiting_requester:
            raise PermissionDenied("Only helpdesk staff can add internal notes or pause a query.")
        message = actions.add_information(requester=request.user, query=query, body=payload.body)
    return Created(201, {"kind": message.kind, "author": message.author_label, "body": message.body,
                         "created_at": message.created_at, "attachments": []})


def unknown_endpoint(request, path=""):
    """Unknown paths under /api/ answer in JSON too."""
    return JsonResponse({"detail": "No such API endpoint; see /api/openapi.json."}, status=404)
