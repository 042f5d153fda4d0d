"""Work on a query: assignments, referrals and the guidance gap register."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """Someone working on a query: the lead officer, an expert, a reviewer."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        EXPERT = "expert", _("Technical expert")
        REVIEWER = "reviewer", _("Reviewer")

    query = models.ForeignKey("queries.Query", on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), on_delete=models.PROTECT,
                               related_name="assignments")
    role = models.CharField(_("role on the query"), max_length=10, choices=Role.choices, default=Role.LEAD)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["query", "member"], condition=models.Q(ended_at__isnull=True),
                                    name="one_active_assignment_per_member"),
        ]
        indexes = [models.Index(fields=["member", "ended_at"], name="assignment_member_active")]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_role_display()})"


class Referral(models.Model):
    """A query sent to someone outside the desk: a regional focal point, an Alliance working group or
    task force, another cluster or AoR. The recipient answers by a signed link (no login needed)."""

    class Destination(models.TextChoices):
        FOCAL_POINT = "focal_point", _("Regional focal point")
        WORKING_GROUP = "working_group", _("Alliance working group or task force")
        CLUSTER = "cluster", _("Another cluster or AoR")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    query = models.ForeignKey("queries.Query", on_delete=models.CASCADE, related_name="referrals")
    destination = models.CharField(_("destination"), max_length=15, choices=Destination.choices)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_email = models.EmailField(_("recipient's email"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient's account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="referrals_received",
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    outcome = models.TextField(_("outcome"), blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(_("hand-off due"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.get_destination_display()}: {self.recipient_name}"


class Gap(models.Model):
    """A gap in guidance revealed by queries, tracked until the guidance exists."""

    class Status(models.TextChoices):
        NOTED = "noted", _("Noted")
        TAKEN_TO_WORKING_GROUP = "taken_to_wg", _("Taken to a working group")
        IN_DEVELOPMENT = "in_development", _("Guidance in development")
        ADDRESSED = "addressed", _("Addressed")

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    topic = models.ForeignKey("taxonomy.Topic", verbose_name=_("topic"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="gaps")
    working_group = models.CharField(_("working group or task force"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.NOTED)
    queries = models.ManyToManyField("queries.Query", verbose_name=_("queries"), blank=True, related_name="gaps")
    noted_at = models.DateTimeField(_("noted"), default=timezone.now)
    taken_to_wg_at = models.DateTimeField(_("taken to a working group"), null=True, blank=True)
    in_development_at = models.DateTimeField(_("guidance in development since"), null=True, blank=True)
    addressed_at = models.DateTimeField(_("addressed"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-noted_at"]
        verbose_name = _("guidance gap")
        verbose_name_plural = _("guidance gaps")

    def __str__(self) -> str:
        return self.title
