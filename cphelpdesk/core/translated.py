"""A name kept in the four interface languages, shown in the reader's language."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TranslatedName(models.Model):
    """Abstract base for reference data whose name is data, not a gettext string."""

    name = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The name in the active language, falling back to English."""
        language = (get_language() or "en")[:2]
        if language in {"fr", "es", "ar"}:
            return getattr(self, f"name_{language}") or self.name
        return self.name
