"""Making and revoking API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cphelpdesk.api.models import ApiToken
from cphelpdesk.core import audit

TOKEN_PREFIX = "cph_"  # noqa: S105 - a marker that makes leaked tokens recognisable, not a secret


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(*, actor, name: str, scope: str = ApiToken.Scope.READ) -> tuple[ApiToken, str]:
    """A new token for `actor`, the member asking for it, reading only unless `scope` says read and write, ending
    HELPDESK_API_TOKEN_DAYS from now; returns the record and the token, which is never stored or shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        member=actor, name=name.strip()[:100] or "API", prefix=token[:12], key_hash=hash_token(token),
        scope=scope, expires_at=timezone.now() + timedelta(days=settings.HELPDESK_API_TOKEN_DAYS))
    audit.record(actor=actor, action="api_token.created", target=record, scope=scope)
    return record, token


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> None:
    """A member (`actor`) revokes one of their own tokens."""
    if token.member_id != actor.pk:
        raise PermissionError("not your token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api_token.revoked", target=token)


@transaction.atomic
def revoke_all_tokens(*, member, reason: str) -> int:
    """Revoke every live token of `member` (their password changed, or their account was closed); returns how
    many. A token must not outlive the password or the account it was made with."""
    revoked = ApiToken.objects.filter(member=member, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        audit.record(actor=None, action="api_token.revoked_all", target=member, reason=reason, count=revoked)
    return revoked
