"""The timeline of a query: everything done to it, by whom, when. Append-only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What each kind of event is called on the timeline.
EVENT_LABELS = {
    "submitted": _("Submitted"), "acknowledged": _("Acknowledged"), "triaged": _("Triaged"),
    "assigned": _("Assigned"), "unassigned": _("Removed from the query"), "replied": _("Replied"),
    "noted": _("Internal note"), "requester_replied": _("Requester added information"),
    "referred": _("Referred"), "referral_answered": _("Referral answered"),
    "referral_cancelled": _("Referral cancelled"), "answered": _("Marked answered"), "closed": _("Closed"),
    "reopened": _("Reopened"), "withdrawn": _("Withdrawn"), "merged": _("Merged into another query"),
    "merged_from": _("A duplicate was merged into this query"), "gap_flagged": _("Gap in guidance linked"),
    "gap_updated": _("Gap register updated"), "sla_reminder": _("SLA reminder sent"),
    "referral_reminder": _("Referral recipient reminded"),
    "focal_points_alerted": _("Regional focal points alerted"),
    "individual_case_removed": _("Closed as an individual case; details removed"),
    "personal_data_found": _("Possible personal data found"),
    "personal_data_notice": _("Requester reminded not to send personal data"),
    "personal_data_redacted": _("Personal data redacted"), "personal_data_dismissed": _("Finding dismissed"),
    "requester_linked": _("Linked to a member"), "auto_reply_received": _("Automatic reply received"),
    "sender_unverified": _("Mail from a member's address that did not prove its sender"),
    "retention_files_removed": _("Files removed at the end of their retention period"),
    "feedback_requested": _("Requester asked to rate the answer"),
    "feedback_reminded": _("Requester reminded to rate the answer"),
    "rated": _("Requester rated the answer"), "rating_changed": _("Requester changed their rating"),
    "low_rating_alert": _("Desk alerted of a low rating"),
}


class QueryEvent(models.Model):
    query = models.ForeignKey("queries.Query", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)  # who, when not a member
    kind = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("query event")
        verbose_name_plural = _("query timeline")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))


class ReferenceCounter(models.Model):
    """The last query number given out in a year (references read CPH-2026-0042)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
