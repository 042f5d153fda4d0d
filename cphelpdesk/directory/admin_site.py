"""The Django admin: administrators only, and only through the MFA-protected allauth login."""

from allauth.account.decorators import secure_admin_login


def restrict_admin_to_administrators(site) -> None:
    """Route the admin's own login form through allauth so the second factor cannot be skipped.

    Who may enter at all is `Member.is_staff` (administrators); what they may change there is
    `permissions.RoleBackend`.
    """
    site.login = secure_admin_login(site.login)
    site.site_header = "CP Helpdesk administration"
