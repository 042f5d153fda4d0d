"""Reads of the privacy app: its configuration, and the findings a reader may see."""

from django.db.models import Q, QuerySet

from cphelpdesk.privacy.models import CustomPattern, Finding


def active_custom_patterns() -> list[CustomPattern]:
    """The custom patterns the detector runs, in a stable order."""
    return list(CustomPattern.objects.filter(active=True).order_by("name"))


def open_findings(access, query) -> QuerySet[Finding]:
    """The open personal-data findings of `query` shown to staff with `access` (`queries.access.Access`):
    only those found in a message or file they may open themselves, so that the panel never tells them
    what a message or file hidden from them holds, nor a hidden file's name."""
    from cphelpdesk.queries.access import visible_attachments, visible_messages

    if not access.staff:
        return Finding.objects.none()
    return (query.personal_data_findings.filter(state=Finding.State.OPEN)
            .filter(Q(attachment__isnull=True, message__in=visible_messages(access, query))
                    | Q(attachment__in=visible_attachments(access, query)))
            .select_related("message", "attachment"))
