"""The roles of DESIGN.md; each is a Django group of the same name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    OFFICER = "officer", _("Helpdesk officer")
    EXPERT = "expert", _("Technical expert")
    FOCAL_POINT = "focal_point", _("Regional focal point")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that work inside the helpdesk; each of them must use MFA.
STAFF_ROLES = frozenset({Role.OFFICER, Role.EXPERT, Role.FOCAL_POINT, Role.MANAGER, Role.ADMINISTRATOR})
