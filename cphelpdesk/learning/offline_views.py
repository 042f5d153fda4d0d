"""A module's pages as one PDF, for reading offline."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from cphelpdesk.learning.access import may_read_step
from cphelpdesk.learning.models import Step


@login_required
@require_GET
def module_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The module in the reader's language; 404 for whoever may not read it (ids cannot be probed)."""
    step = get_object_or_404(Step.objects.select_related("pathway").prefetch_related("translations"),
                             pk=pk, pathway__slug=slug)
    if not may_read_step(request.user, step):
        raise Http404
    # reportlab loads only for a PDF, not in every process that reads the URL configuration (issue #17).
    from cphelpdesk.learning import offline  # noqa: PLC0415

    response = HttpResponse(offline.module_pdf(step, get_language(), request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{step.pathway.slug}-{step.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
