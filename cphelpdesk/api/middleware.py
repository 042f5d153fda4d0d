"""What the API's own handlers never see still answers as an RFC 9457 problem: a body over Django's limit (413,
not an HTML 400 or a 500), a method the route does not take (Django's bare 405) and a server error (500)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.template.defaultfilters import filesizeformat

from cphelpdesk.api.problems import MEDIA_TYPE, TYPE_OF_STATUS, problem


class ApiBodyLimitMiddleware:
    """Reads the body of API requests first, where Django raises RequestDataTooBig past
    DATA_UPLOAD_MAX_MEMORY_SIZE (the limit for JSON), and answers 413 (a multipart upload: past what its files may
    weigh together); left to a later reader, the error became an HTML page or a 500 depending on which one read
    it. Any other error response under /api/ that is not yet a problem becomes one, keeping its status and
    headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        if request.content_type == "multipart/form-data":
            # Files are streamed to disk by Django's upload handlers, not read into memory: their limit is the
            # attachments' (each file is then checked on its own), and the form fields keep Django's.
            limit = (settings.HELPDESK_MAX_ATTACHMENTS * settings.HELPDESK_MAX_ATTACHMENT_BYTES
                     + settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
                return _too_large(request, limit)
        else:
            try:
                request.body  # noqa: B018 - read now (and kept by Django) so that the limit applies here
            except RequestDataTooBig:
                return _too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(MEDIA_TYPE):
            return _as_problem(request, response)
        return response


def _too_large(request, limit: int):
    return problem(request, "too-large", f"The request body is too large; the limit is {filesizeformat(limit)}.")


def _as_problem(request, response):
    """`response` (Django's 405 or 500) as a problem of its status."""
    slug = TYPE_OF_STATUS.get(response.status_code, "server-error" if response.status_code >= 500 else "bad-request")
    converted = problem(request, slug, response.reason_phrase, status=response.status_code)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            converted[header] = response[header]
    return converted
