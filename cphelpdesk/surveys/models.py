"""Feedback on answers (and, later, survey campaigns)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE = [MinValueValidator(1), MaxValueValidator(10)]


class Rating(models.Model):
    """The requester's rating of the answer to their query: appropriateness, timeliness and quality, 1-10.

    One per query; the requester may change it until their feedback link expires.
    """

    query = models.OneToOneField("queries.Query", verbose_name=_("query"), on_delete=models.CASCADE,
                                 related_name="rating")
    appropriateness = models.PositiveSmallIntegerField(_("appropriateness"), validators=SCORE)
    timeliness = models.PositiveSmallIntegerField(_("timeliness"), validators=SCORE)
    quality = models.PositiveSmallIntegerField(_("quality"), validators=SCORE)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("rated"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.query_id}: {self.appropriateness}/{self.timeliness}/{self.quality}"

    @property
    def overall(self) -> float:
        """The mean of the three dimensions (DESIGN.md: satisfaction)."""
        return (self.appropriateness + self.timeliness + self.quality) / 3
