"""App configuration for the taxonomy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "cphelpdesk.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomy")
