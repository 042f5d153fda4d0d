"""The Django admin: administrators only, and only through the MFA-protected allauth login."""

from allauth.account.decorators import secure_admin_login
from django.utils.translation import gettext_lazy as _


def restrict_admin_to_administrators(site) -> None:
    """Route the admin's own login form through allauth so the second factor cannot be skipped.

    Who may enter is `Member.is_staff` (administrators, and break-glass superusers); what
    administrators may change there is `permissions.RoleBackend` (directory and taxonomy data only).
    """
    site.login = secure_admin_login(site.login)
    site.site_header = _("CP Helpdesk administration")
    site.site_title = _("CP Helpdesk administration")
