"""Bearer-token authentication for the API."""

from datetime import timedelta

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer

from cphelpdesk.api.actions import hash_token
from cphelpdesk.api.models import ApiToken

# What a read-only token may do (RFC 9110 safe methods).
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cph_...`; the request then acts as the token's member."""

    def authenticate(self, request, token: str):
        record = (ApiToken.objects.select_related("member")
                  .filter(key_hash=hash_token(token), revoked_at__isnull=True).first())
        if record is None or not record.member.is_active:
            return None
        if record.expired:
            raise TokenExpired
        if record.scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS:
            # Checked here, once for every route: a write with a read token never reaches an endpoint.
            raise ReadOnlyToken
        member = record.member
        if settings.HELPDESK_REQUIRE_STAFF_MFA and member.is_helpdesk_staff and not is_mfa_enabled(member):
            # A token must not be a way around the second factor that staff need on the web.
            raise StaffWithoutMFA
        now = timezone.now()
        if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=5):
            # Written at most every few minutes: a busy client must not turn every read into a write.
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = member
        return member


class StaffWithoutMFA(Exception):
    """A staff account without two-factor authentication tried to use the API."""


class TokenExpired(Exception):
    """The token was right but its time is over (HELPDESK_API_TOKEN_DAYS)."""


class ReadOnlyToken(Exception):
    """A token that may only read was used to write."""
