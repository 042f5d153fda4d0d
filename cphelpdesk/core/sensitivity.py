"""Sensitivity levels carried by queries, messages, attachments and resources (DESIGN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sensitivity(models.IntegerChoices):
    """Ordered: a higher level is seen by fewer people."""

    PUBLIC = 0, _("Public")
    RESTRICTED = 1, _("Restricted")
    CONFIDENTIAL = 2, _("Confidential")
    STRICTLY_CONFIDENTIAL = 3, _("Strictly confidential")
