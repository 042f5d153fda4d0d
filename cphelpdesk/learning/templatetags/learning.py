"""Template tags for other apps' pages: the repository's resource page shows the pathways that cite it
(`{% load learning %}{% pathways_citing resource as citing %}`), without the library importing learning."""

from django import template
from django.utils.translation import get_language

from cphelpdesk.learning import selectors

register = template.Library()


@register.simple_tag
def pathways_citing(resource) -> list:
    """The steps of published pathways whose module pages cite `resource`, in the reader's language."""
    return selectors.steps_citing(resource, (get_language() or "en")[:2])
