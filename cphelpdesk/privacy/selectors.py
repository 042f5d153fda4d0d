"""Reads of the privacy app: its configuration. (The findings a reader may see on a query are read by
`queries.selectors.open_findings`, beside the query's other panels.)"""

from cphelpdesk.privacy.models import CustomPattern


def active_custom_patterns() -> list[CustomPattern]:
    """The custom patterns the detector runs, in a stable order."""
    return list(CustomPattern.objects.filter(active=True).order_by("name"))
