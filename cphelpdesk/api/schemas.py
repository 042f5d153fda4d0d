"""What the API takes and answers (pydantic schemas; OpenAPI is generated from them)."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from cphelpdesk.core.languages import CODES
from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.library.models import Resource
from cphelpdesk.queries.models import Assignment, Gap, Referral, ServiceType, Status, Urgency
from cphelpdesk.surveys.actions import COMMENT_MAX_LENGTH

# What `answer` may record; the others (withdrawn, individual case) have actions of their own.
AnswerOutcome = Literal["full", "partial", "referred", "gap", "out_of_scope"]
# An address, checked as far as a schema can (the rest is the mail server's business).
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PAGE_SIZE = Field(50, ge=1, le=100, description="How many results per page")
CURSOR = Field(None, max_length=500, description="Where the page starts: the `next` of the previous page, "
                                                 "never made by hand")


# --- queries ---------------------------------------------------------------------------------------------

class QueryIn(Schema):
    subject: str = Field(min_length=1, max_length=250)
    question: str = Field(min_length=1, max_length=20000)
    country: str | None = Field(None, max_length=2,
                                description="ISO 3166 alpha-2 code; defaults to your profile's country")
    language: Literal[CODES] = "en"
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


class NoteIn(Schema):
    body: str = Field(min_length=1, max_length=50000)


class TriageIn(Schema):
    """Only the fields sent change; the SLA class follows from urgency and service type."""

    topics: list[str] | None = Field(None, description="Topic codes; the whole list replaces the query's topics")
    country: str | None = Field(None, max_length=2, description="ISO 3166 alpha-2 code")
    urgency: Urgency | None = None
    service_type: ServiceType | None = None
    sensitivity: Sensitivity | None = Field(
        None, description="0 public, 1 restricted, 2 confidential, 3 strictly confidential")
    desk: str | None = Field(None, max_length=10, description="The desk's code, e.g. fr")


class AssignmentIn(Schema):
    member: str = Field(max_length=254, pattern=EMAIL,
                        description="The address of a helpdesk officer, manager, expert or focal point")
    role: Assignment.Role = Assignment.Role.LEAD


class ReferralIn(Schema):
    destination: Referral.Destination
    recipient_name: str = Field(min_length=1, max_length=200)
    recipient_email: str = Field(max_length=254, pattern=EMAIL)
    reason: str = Field(min_length=1, max_length=5000)


class AnswerIn(Schema):
    outcome: AnswerOutcome = Field(description="How the query was answered: full, partial, ...")


class ReopenIn(Schema):
    reason: str = Field("", max_length=500)


class MergeIn(Schema):
    into: str = Field(min_length=1, max_length=20, description="Reference of the open query to keep")


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


class AssignmentOut(Schema):
    id: int
    member: str
    role: str
    assigned_at: datetime


class ReferralOut(Schema):
    id: int
    destination: str
    recipient_name: str
    status: str
    sent_at: datetime
    due_at: datetime | None
    answered_at: datetime | None


class GapLink(Schema):
    id: int
    title: str
    status: str


class QueryDetail(QuerySummary):
    service_type: str
    topics: list[str]
    messages: list[MessageOut]
    privacy_flags: list[PrivacyFlag] | None = Field(
        None, description="Staff only: open personal-data findings on the query (id and kind)")
    sensitivity: int | None = Field(None, description="Staff only: 0 public ... 3 strictly confidential")
    sla_class: str | None = Field(None, description="Staff only: urgent, standard or complex")
    desk: str | None = Field(None, description="Staff only: the desk's code")
    assignments: list[AssignmentOut] | None = Field(None, description="Staff only: who works on it now")
    referrals: list[ReferralOut] | None = Field(None, description="Staff only")
    gaps: list[GapLink] | None = Field(None, description="Staff only: gaps in guidance it is linked to")


class QueryPage(Schema):
    count: int = Field(description="How many queries match, counted up to 1,001 (see count_is_capped)")
    count_is_capped: bool
    next: str | None = Field(description="The address of the next page; null on the last")
    results: list[QuerySummary]


class ListFilters(Schema):
    status: list[Status] = Field(default_factory=list)
    country: str | None = Field(None, max_length=2)
    topic: str | None = Field(None, max_length=50)
    search: str = Field("", max_length=200)
    overdue: bool = False
    page_size: int = PAGE_SIZE
    cursor: str | None = CURSOR
    # Pages were numbered before cursors: 1 is still the first page, and a later number is refused (an old
    # client counting pages would otherwise read the first page again and again).
    page: int = Field(1, ge=1, le=100_000, json_schema_extra={"deprecated": True},
                      description="Only 1; follow `next` for the others")


# --- the gap register -------------------------------------------------------------------------------------

class GapIn(Schema):
    title: str = Field(min_length=1, max_length=250)
    topic: str | None = Field(None, max_length=50, description="Topic code")
    description: str = Field("", max_length=5000)


class GapLinkIn(Schema):
    """An existing gap (`gap`), or a new one (`title`, and optionally `topic` and `description`)."""

    gap: int | None = Field(None, ge=1, le=2**62, description="The id of a gap of the register, not addressed")
    title: str = Field("", max_length=250)
    topic: str | None = Field(None, max_length=50, description="Topic code")
    description: str = Field("", max_length=5000)


class GapUpdateIn(Schema):
    status: Gap.Status
    working_group: str | None = Field(None, max_length=200, description="Working group or task force")


class GapOut(Schema):
    id: int
    title: str
    description: str
    topic: str | None
    status: str
    working_group: str
    noted_at: datetime
    taken_to_wg_at: datetime | None
    in_development_at: datetime | None
    addressed_at: datetime | None
    queries: list[str] = Field(description="References of the linked queries you may see")


class GapPage(Schema):
    next: str | None = Field(description="The address of the next page; null on the last")
    results: list[GapOut]


class GapFilters(Schema):
    status: list[Gap.Status] = Field(default_factory=list)
    page_size: int = PAGE_SIZE
    cursor: str | None = CURSOR


# --- the repository ---------------------------------------------------------------------------------------

# A value of the repository's filters (as the repository page: an unknown one simply matches nothing).
FilterValue = Annotated[str, Field(max_length=40)]

class ResourceFilters(Schema):
    """As the repository page's search and filters: every filter optional, several values of one filter widen
    it, different filters narrow each other."""

    q: str = Field("", max_length=500, description='Words, "an exact phrase", a prefix* or an acronym; without '
                                                   "it, the newest resources")
    lang: Literal[CODES] | None = Field(None, description="The language of the search words, if you know it")
    type: list[Resource.Type] = Field(default_factory=list)
    topic: list[FilterValue] = Field(default_factory=list, description="Topic codes, e.g. COORD.TOR")
    language: list[Literal[CODES]] = Field(default_factory=list, description="Languages of the resources")
    country: list[FilterValue] = Field(default_factory=list, description="ISO 3166 alpha-2 codes")
    year: list[FilterValue] = Field(default_factory=list)
    page_size: int = Field(20, ge=1, le=100, description="How many results per page")
    cursor: str | None = CURSOR


class ResourceSummary(Schema):
    id: int
    title: str
    summary: str
    type: str
    language: str
    languages: list[str] = Field(description="Every language it exists in that you may read (names)")
    year: int | None
    topics: list[str] = Field(description="Topic codes")
    published_at: datetime | None
    url: str = Field(description="Its address in this API")
    page: str = Field(description="Its page on the website")


class ResourcePage(Schema):
    total: int = Field(description="How many resources match (capped at the search engine's count limit)")
    next: str | None = Field(description="The address of the next page; null on the last")
    results: list[ResourceSummary]


class ResourceFileOut(Schema):
    name: str
    size: int
    content_type: str
    version: int
    url: str = Field(description="Download it (the same check as the website's download)")


class TranslationOut(Schema):
    id: int
    language: str
    title: str
    url: str


class ResourceDetail(Schema):
    id: int
    title: str
    summary: str
    body: str
    type: str
    language: str
    year: int | None
    source: str
    visibility: str
    status: str
    topics: list[str]
    countries: list[str] = Field(description="ISO 3166 alpha-2 codes")
    published_at: datetime | None
    page: str = Field(description="Its page on the website")
    translations: list[TranslationOut] = Field(description="Its other language versions that you may read")
    files: list[ResourceFileOut]


# --- ratings ---------------------------------------------------------------------------------------------

SCORE = Field(ge=1, le=10, description="From 1 (poor) to 10 (excellent)")


class RatingIn(Schema):
    appropriateness: int = SCORE
    timeliness: int = SCORE
    quality: int = SCORE
    comment: str = Field("", max_length=COMMENT_MAX_LENGTH)


class RatingOut(Schema):
    query: str = Field(description="The reference of the query rated")
    appropriateness: int
    timeliness: int
    quality: int
    comment: str
    submitted_at: datetime
    updated_at: datetime


class RatingPage(Schema):
    next: str | None = Field(description="The address of the next page; null on the last")
    results: list[RatingOut]


class RatingFilters(Schema):
    page_size: int = PAGE_SIZE
    cursor: str | None = CURSOR
