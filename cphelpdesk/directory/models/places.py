"""Regions and countries (ISO 3166), with the desk that serves each country by default."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.translated import TranslatedName


class Region(TranslatedName):
    """A CP AoR region, e.g. West and Central Africa; focal points serve one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class CountryQuerySet(models.QuerySet):
    def with_active_group(self):
        """Countries where a national CP coordination group is active."""
        return self.filter(
            coordination_groups__is_active=True, coordination_groups__level="national"
        ).distinct()


class Country(TranslatedName):
    """A country or territory (ISO 3166-1), whether or not the CP AoR has a group there."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="countries"
    )
    languages = models.JSONField(
        _("working languages"), default=list, blank=True,
        help_text=_("Language codes used by the coordination group, e.g. [\"fr\", \"ar\"]."),
    )
    desk = models.ForeignKey(
        "directory.Desk", verbose_name=_("default desk"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="countries",
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    @property
    def national_group(self):
        """The active national coordination group, if any."""
        return next(
            (g for g in self.coordination_groups.all() if g.is_active and g.level == "national"), None
        )
