"""Public pages of the taxonomy: topics and the glossary."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cphelpdesk.taxonomy import selectors


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    """The topics the helpdesk files questions under, and the acronyms of the field."""
    return render(request, "taxonomy/glossary.html", {
        "topics": selectors.topic_tree(), "terms": selectors.glossary(),
    })
