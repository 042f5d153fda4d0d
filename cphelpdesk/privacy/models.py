"""Patterns that administrators add to the personal-data detector for formats the code does not know."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cphelpdesk.detection import kinds
from cphelpdesk.detection.custom import MAX_PATTERN_LENGTH, validate_pattern


class CustomPattern(models.Model):
    """A regular expression whose matches the detector reports as personal data of `kind`."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=40, default="custom",
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$", _("Use lower-case letters, digits and underscores."))],
        help_text=_("What the findings are reported as: a built-in kind (phone, case_id, national_id, passport, "
                    "location, ...) or a new one such as beneficiary_card."),
    )
    regex = models.TextField(
        _("regular expression"), max_length=MAX_PATTERN_LENGTH, validators=[validate_pattern],
        help_text=_("Python regular expression syntax, for example \\bWFP-\\d{8}\\b. Patterns are checked for "
                    "repetitions that could run for ever, and each gets a time limit on every text."),
    )
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("custom personal-data pattern")
        verbose_name_plural = _("custom personal-data patterns")

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    """Personal data the intake scan found in a query's message or attachment, for an officer to redact
    (in place) or dismiss. Once redacted, the found text is forgotten here too: only its kind remains."""

    State = kinds.Review

    query = models.ForeignKey("queries.Query", on_delete=models.CASCADE, related_name="personal_data_findings")
    message = models.ForeignKey("queries.Message", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="personal_data_findings")
    attachment = models.ForeignKey("queries.Attachment", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="personal_data_findings")
    kind = models.CharField(_("kind"), max_length=40)
    text = models.CharField(_("found text"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["state", "found_at", "id"]
        verbose_name = _("personal-data finding")
        verbose_name_plural = _("personal-data findings")

    def __str__(self) -> str:
        return f"{self.kind} on {self.query_id} ({self.state})"


class DataRequest(models.Model):
    """A member's request that their personal data be erased, handled by an officer (with an audit trail)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an officer")
        DONE = "done", _("Personal data erased")
        REFUSED = "refused", _("Refused")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), null=True,
                               on_delete=models.SET_NULL, related_name="data_requests")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason given"), blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        ordering = ["status", "-requested_at"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")

    def __str__(self) -> str:
        return f"erasure request {self.pk} ({self.status})"
class LegalHold(models.Model):
    """An order to keep a query's or a member's data as it is: retention skips it until the hold is lifted."""

    query = models.ForeignKey("queries.Query", verbose_name=_("query"), null=True, blank=True,
                              on_delete=models.CASCADE, related_name="legal_holds")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("placed by"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lifted by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            # A hold is on one record: a query or a member, never both, never neither.
            models.CheckConstraint(
                condition=(models.Q(query__isnull=False, member__isnull=True)
                           | models.Q(query__isnull=True, member__isnull=False)),
                name="legal_hold_one_target"),
        ]
        indexes = [models.Index(fields=["lifted_at"], name="legal_hold_lifted")]

    def __str__(self) -> str:
        return f"hold on {'query ' + str(self.query_id) if self.query_id else 'member ' + str(self.member_id)}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class RetentionRun(models.Model):
    """One pass of the retention job and what it purged or anonymised (counts only, never the data)."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    # {step: {"done": n, "held": n}}: records purged or anonymised, and records a legal hold kept.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    triggered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"retention {self.started_at:%Y-%m-%d %H:%M}{' (dry run)' if self.dry_run else ''}"
