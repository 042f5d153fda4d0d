"""Template helpers shared by every page."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_names(codes) -> list[str]:
    """Language codes (e.g. ["fr", "ar"]) as names in the reader's language."""
    names = []
    for code in codes or []:
        try:
            names.append(get_language_info(code)["name_translated"])
        except KeyError:
            names.append(code)
    return names
