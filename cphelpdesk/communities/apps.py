"""App configuration for the communities of practice."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "cphelpdesk.communities"
    label = "communities"
    verbose_name = _("Communities of practice")
