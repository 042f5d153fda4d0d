"""App configuration for search."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _glossary_changed(sender, **kwargs) -> None:
    # Connected for every model because data migrations save historical GlossaryTerm classes, not the real one.
    if sender._meta.label == "taxonomy.GlossaryTerm":
        # Imported here, not at the top: glossary imports models, which load only after this module (app registry).
        from cphelpdesk.search.glossary import invalidate  # noqa: PLC0415

        invalidate()


class SearchConfig(AppConfig):
    name = "cphelpdesk.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        post_save.connect(_glossary_changed, dispatch_uid="search-glossary-saved")
        post_delete.connect(_glossary_changed, dispatch_uid="search-glossary-deleted")
