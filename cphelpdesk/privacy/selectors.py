"""Reads of the privacy app's configuration."""

from cphelpdesk.privacy.models import CustomPattern


def active_custom_patterns() -> list[CustomPattern]:
    """The custom patterns the detector runs, in a stable order."""
    return list(CustomPattern.objects.filter(active=True).order_by("name"))
