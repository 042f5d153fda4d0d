"""SLA targets per class, and the holidays of each desk's calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cphelpdesk.queries.models.query import SLAClass


class SLATarget(models.Model):
    """How soon something is due for queries of one class, in working days or in clock hours."""

    class Measure(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("Acknowledgement")
        FIRST_RESPONSE = "first_response", _("First response")
        RESOLUTION = "resolution", _("Resolution")
        REFERRAL = "referral", _("Referral hand-off")

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days")
        HOURS = "hours", _("hours (around the clock)")

    sla_class = models.CharField(_("SLA class"), max_length=10, choices=SLAClass.choices)
    measure = models.CharField(_("measure"), max_length=15, choices=Measure.choices)
    amount = models.PositiveIntegerField(_("amount"))
    unit = models.CharField(_("unit"), max_length=15, choices=Unit.choices, default=Unit.WORKING_DAYS)

    class Meta:
        ordering = ["sla_class", "measure"]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA policy")
        constraints = [models.UniqueConstraint(fields=["sla_class", "measure"], name="one_target_per_measure")]

    def __str__(self) -> str:
        return f"{self.get_sla_class_display()} {self.get_measure_display()}: {self.amount} {self.get_unit_display()}"


class Holiday(models.Model):
    """A day a desk does not work (no desk: every desk)."""

    desk = models.ForeignKey("directory.Desk", verbose_name=_("desk"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
