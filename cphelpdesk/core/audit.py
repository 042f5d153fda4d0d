"""Writing to the audit log: one call per recorded act, always inside the caller's transaction."""

import re
from typing import Any

from django.db import models

from cphelpdesk.core.models import AuditEntry

# Every action is named `noun.past_verb`: what was acted on, then what was done to it ("query.viewed",
# "survey_question.added", "query_list.exported" for an export of many queries).
ACTION_NAME = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")


def record(*, actor: Any, action: str, target: models.Model | None = None, **details: Any) -> AuditEntry:
    """Append an audit entry; `details` must hold no personal data beyond identifiers. `action` is named in
    the one style (`ACTION_NAME`), or ValueError."""
    if not ACTION_NAME.fullmatch(action):
        raise ValueError(f"Audit action {action!r} is not named noun.past_verb.")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details,
    )
