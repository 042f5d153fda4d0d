"""Values every page template may use."""

from django.conf import settings


def helpdesk(request):
    """The helpdesk's address and whether staff MFA is enforced (the demo says when it is not)."""
    return {
        "HELPDESK_EMAIL": settings.HELPDESK_EMAIL,
        "STAFF_MFA_REQUIRED": settings.HELPDESK_REQUIRE_STAFF_MFA,
    }
