"""Writing to the audit log: one call per recorded act, always inside the caller's transaction."""

from typing import Any

from django.db import models

from cphelpdesk.core.models import AuditEntry


def record(*, actor: Any, action: str, target: models.Model | None = None, **details: Any) -> AuditEntry:
    """Append an audit entry; `details` must hold no personal data beyond identifiers."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details,
    )
