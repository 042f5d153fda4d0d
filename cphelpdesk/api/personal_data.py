"""An erased or expired account's API tokens go (`core.erasure`)."""

from cphelpdesk.api.models import ApiToken
from cphelpdesk.core.erasure import Path, Target, register


def revoke_tokens(target: Target) -> None:
    ApiToken.objects.filter(member_id__in=target.members).delete()


def register_steps() -> None:
    """Called from ApiConfig.ready()."""
    register("api", Path.ERASURE, Path.MEMBERS, step=revoke_tokens)
