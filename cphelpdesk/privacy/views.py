"""Officers' decisions on personal data found in a query."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cphelpdesk.privacy import intake
from cphelpdesk.privacy.models import Finding
from cphelpdesk.queries.access import query_access


@require_POST
def resolve(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Redact a finding in place, or dismiss it; only officers working on the query may."""
    finding = Finding.objects.filter(pk=pk).select_related("query").first()
    if finding is None or decision not in {"redact", "dismiss"} or not query_access(request.user,
                                                                                     finding.query).can_view:
        raise Http404
    try:
        (intake.redact if decision == "redact" else intake.dismiss)(actor=request.user, finding=finding)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        raise PermissionDenied from error
    return redirect("queries:detail", reference=finding.query.reference)
