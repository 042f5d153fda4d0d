"""Feedback on answers: the requester's rating and the request behind the rating link."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
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
    # Defaults rather than auto_now(_add): the action sets them, and demo data keeps its historical dates.
    submitted_at = models.DateTimeField(_("rated"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

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

    @property
    def lowest(self) -> int:
        return min(self.appropriateness, self.timeliness, self.quality)


class FeedbackRequest(models.Model):
    """The requester was asked to rate the answer: the mailed link is valid until `expires_at`.

    The link carries a signed (query id, nonce); the nonce changes on every submission and on every new
    answer, so each link works once and an older one is refused as already used.
    """

    query = models.OneToOneField("queries.Query", verbose_name=_("query"), on_delete=models.CASCADE,
                                 related_name="feedback_request")
    nonce = models.CharField(max_length=32)
    sent_at = models.DateTimeField(_("asked"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), db_index=True)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        indexes = [models.Index(fields=["reminded_at", "sent_at"], name="surveys_feedback_due_reminder")]

    def __str__(self) -> str:
        return f"{self.query_id}: {self.sent_at:%Y-%m-%d}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())
