"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def staff_mfa_enforced(app_configs, **kwargs):
    """Staff MFA may be off in the demo, never in a deployment."""
    if settings.HELPDESK_REQUIRE_STAFF_MFA:
        return []
    return [Warning("HELPDESK_REQUIRE_STAFF_MFA is off: staff accounts can work without a second factor.",
                    hint="Unset HELPDESK_REQUIRE_STAFF_MFA (it defaults to true) in production.",
                    id="cphelpdesk.W001")]
