"""Help desks (language desks and the global desk) and regional focal points."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.translated import TranslatedName


def validate_time_zone(value: str) -> None:
    """Accept only IANA time zone names (e.g. Africa/Dakar)."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def weekdays_default() -> list[int]:
    return [0, 1, 2, 3, 4]


class Desk(TranslatedName):
    """A help desk: its languages, host, mailbox and working hours, and the officers who staff it."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    languages = models.JSONField(_("languages"), default=list, help_text=_("Language codes this desk answers in."))
    is_global = models.BooleanField(_("global desk"), default=False)
    host_organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("host organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="hosted_desks",
    )
    email = models.EmailField(_("mail address"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    working_days = models.JSONField(
        _("working days"), default=weekdays_default, help_text=_("0 = Monday ... 6 = Sunday.")
    )
    opens_at = models.TimeField(_("opens at"), default="09:00")
    closes_at = models.TimeField(_("closes at"), default="17:00")
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("officers"), blank=True, related_name="desks"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("desk lead"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="led_desks",
    )

    class Meta:
        ordering = ["-is_global", "name"]
        verbose_name = _("desk")
        verbose_name_plural = _("desks")

    @property
    def mail_address(self) -> str:
        """Where requesters write to this desk (the helpdesk's own address when the desk has none)."""
        return self.email or settings.HELPDESK_EMAIL


class FocalPoint(models.Model):
    """A regional focal point: receives coordination and IM requests from the region's countries."""

    class Responsibility(models.TextChoices):
        COORDINATION = "coordination", _("Coordination")
        INFORMATION_MANAGEMENT = "im", _("Information management")
        BOTH = "both", _("Coordination and information management")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="focal_points"
    )
    region = models.ForeignKey(
        "directory.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="focal_points"
    )
    responsibility = models.CharField(
        _("responsibility"), max_length=15, choices=Responsibility.choices, default=Responsibility.BOTH
    )

    class Meta:
        verbose_name = _("regional focal point")
        verbose_name_plural = _("regional focal points")
        constraints = [models.UniqueConstraint(fields=["member", "region"], name="focal_point_once_per_region")]

    def __str__(self) -> str:
        return f"{self.member} – {self.region}"
