"""Every API error as an RFC 9457 problem: `application/problem+json` with type, title, status, detail and
instance, and for invalid requests the list of what is wrong (`errors`).

A problem's `type` is the address of its explanation on the documentation page (`/api/docs#problem-<slug>`);
its `title` is the same for every occurrence of the type, in the reader's language; `detail` says what
happened this time.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field

MEDIA_TYPE = "application/problem+json"

# slug -> (status, title). The documentation page lists them, each at its anchor.
PROBLEM_TYPES = {
    "bad-request": (400, _("The request cannot be carried out")),
    "unauthenticated": (401, _("Missing or invalid API token")),
    "bad-signature": (401, _("Missing or wrong webhook signature")),
    "stale-signature": (401, _("Webhook signature too old")),
    "token-expired": (401, _("The API token has expired")),
    "forbidden": (403, _("Not allowed")),
    "read-only-token": (403, _("The API token may only read")),
    "mfa-required": (403, _("Two-factor authentication required")),
    "not-found": (404, _("Not found")),
    "method-not-allowed": (405, _("Method not allowed")),
    "invalid-transition": (409, _("Not possible in the query's current state")),
    "replayed": (409, _("Webhook request already received")),
    "edit-conflict": (412, _("Changed since you read it")),
    "too-large": (413, _("Request body too large")),
    "invalid": (422, _("Invalid request")),
    "precondition-required": (428, _("If-Match required")),
    "too-many-requests": (429, _("Too many requests")),
    "server-error": (500, _("Server error")),
}
# For an error response that did not come from one of our handlers (Django's 405 or 500): its type by status.
TYPE_OF_STATUS = {400: "bad-request", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
                  405: "method-not-allowed", 409: "invalid-transition", 412: "edit-conflict", 413: "too-large",
                  422: "invalid", 428: "precondition-required", 429: "too-many-requests", 500: "server-error"}


class FieldError(Schema):
    loc: list[str | int] = Field(description="Where: body, query, path or header, then the field")
    msg: str
    type: str


class Problem(Schema):
    """An error (RFC 9457 problem details), sent as `application/problem+json`."""

    type: str = Field(description="The problem type: its explanation on the documentation page")
    title: str = Field(description="A short summary of the problem type, in the reader's language")
    status: int = Field(description="The HTTP status code")
    detail: str = Field(description="What went wrong this time")
    instance: str = Field(description="The path of the request")
    errors: list[FieldError] | None = Field(None, description="Invalid requests: each field in error")


def type_uri(request: HttpRequest, slug: str) -> str:
    return request.build_absolute_uri(f"/api/docs#problem-{slug}")


def problem(request: HttpRequest, slug: str, detail: str, *, status: int | None = None,
            errors: list[dict[str, Any]] | None = None, headers: dict | None = None) -> JsonResponse:
    """The problem response of type `slug` (its status unless `status` says otherwise)."""
    default_status, title = PROBLEM_TYPES[slug]
    body = {"type": type_uri(request, slug), "title": str(title), "status": status or default_status,
            "detail": str(detail), "instance": request.path}
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status or default_status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors(errors: list[dict]) -> list[dict]:
    """Ninja's (pydantic's) validation errors as `FieldError`s: the location, the message and its kind."""
    return [{"loc": [str(part) if not isinstance(part, int) else part for part in error.get("loc", ())],
             "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))} for error in errors]
