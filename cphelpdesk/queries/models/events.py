"""The timeline of a query: everything done to it, by whom, when. Append-only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """What can happen to a query; the label is what the timeline calls it."""

    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    UNASSIGNED = "unassigned", _("Removed from the query")
    REPLIED = "replied", _("Replied")
    NOTED = "noted", _("Internal note")
    REQUESTER_REPLIED = "requester_replied", _("Requester added information")
    REFERRED = "referred", _("Referred")
    REFERRAL_ANSWERED = "referral_answered", _("Referral answered")
    REFERRAL_CANCELLED = "referral_cancelled", _("Referral cancelled")
    ANSWERED = "answered", _("Marked answered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another query")
    MERGED_FROM = "merged_from", _("A duplicate was merged into this query")
    GAP_FLAGGED = "gap_flagged", _("Gap in guidance linked")
    GAP_UPDATED = "gap_updated", _("Gap register updated")
    SLA_REMINDER = "sla_reminder", _("SLA reminder sent")
    REFERRAL_REMINDER = "referral_reminder", _("Referral recipient reminded")
    FOCAL_POINTS_ALERTED = "focal_points_alerted", _("Regional focal points alerted")
    INDIVIDUAL_CASE_REMOVED = "individual_case_removed", _("Closed as an individual case; details removed")
    PERSONAL_DATA_FOUND = "personal_data_found", _("Possible personal data found")
    PERSONAL_DATA_NOTICE = "personal_data_notice", _("Requester reminded not to send personal data")
    PERSONAL_DATA_REDACTED = "personal_data_redacted", _("Personal data redacted")
    PERSONAL_DATA_DISMISSED = "personal_data_dismissed", _("Finding dismissed")
    REQUESTER_LINKED = "requester_linked", _("Linked to a member")
    AUTO_REPLY_RECEIVED = "auto_reply_received", _("Automatic reply received")
    SENDER_UNVERIFIED = "sender_unverified", _("Mail from a member's address that did not prove its sender")
    RETENTION_FILES_REMOVED = "retention_files_removed", _("Files removed at the end of their retention period")
    FEEDBACK_REQUESTED = "feedback_requested", _("Requester asked to rate the answer")
    FEEDBACK_REMINDED = "feedback_reminded", _("Requester reminded to rate the answer")
    RATED = "rated", _("Requester rated the answer")
    RATING_CHANGED = "rating_changed", _("Requester changed their rating")
    LOW_RATING_ALERT = "low_rating_alert", _("Desk alerted of a low rating")
    BANKED = "banked", _("Answer banked in the library")
    RAISED_FROM_THREAD = "raised_from_thread", _("Raised from a community thread")
    ANSWER_POSTED_TO_THREAD = "answer_posted_to_thread", _("Answer posted to the community thread")


class QueryEvent(models.Model):
    """One thing done to a query; written only through `queries.timeline`."""

    query = models.ForeignKey("queries.Query", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)  # who, when not a member
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("query event")
        verbose_name_plural = _("query timeline")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class ReferenceCounter(models.Model):
    """The last query number given out in a year (references read CPH-2026-0042)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
