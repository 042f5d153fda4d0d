"""A body over Django's limit gets a JSON 413 on every API route, not an HTML 400 or a 500."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat


class ApiBodyLimitMiddleware:
    """Reads the body of API requests first, where Django raises RequestDataTooBig past
    DATA_UPLOAD_MAX_MEMORY_SIZE (the API takes JSON only, which that limit is for), and answers 413 in JSON;
    left to a later reader, the error became an HTML page or a 500 depending on which one read it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            try:
                request.body  # noqa: B018 - read now (and kept by Django) so that the limit applies here
            except RequestDataTooBig:
                limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
                return JsonResponse({"detail": f"The request body is too large; the limit is {limit}."},
                                    status=413)
        return self.get_response(request)
