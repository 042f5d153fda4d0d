"""Making and revoking API tokens."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from cphelpdesk.api.models import ApiToken
from cphelpdesk.core import audit

TOKEN_PREFIX = "cph_"  # noqa: S105 - a marker that makes leaked tokens recognisable, not a secret


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(*, member, name: str) -> tuple[ApiToken, str]:
    """A new token for `member`; returns the record and the token, which is never stored or shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(member=member, name=name.strip()[:100] or "API", prefix=token[:12],
                                     key_hash=hash_token(token))
    audit.record(actor=member, action="api_token.created", target=record)
    return record, token


@transaction.atomic
def revoke_token(*, member, token: ApiToken) -> None:
    """A member revokes one of their own tokens."""
    if token.member_id != member.pk:
        raise PermissionError("not your token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=member, action="api_token.revoked", target=token)
