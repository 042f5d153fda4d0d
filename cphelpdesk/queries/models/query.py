"""The query: one request for help, from intake to a rated answer."""

from django.conf import settings
from django.db import connection, models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cphelpdesk.core.sensitivity import Sensitivity


class Status(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_REQUESTER = "awaiting_requester", _("Awaiting requester")
    REFERRED = "referred", _("Referred")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another query")


# Statuses in which the SLA clock stops: the helpdesk waits on the requester or on a third party.
PAUSED_STATUSES = frozenset({Status.AWAITING_REQUESTER, Status.REFERRED})
# Statuses in which the helpdesk still owes the requester something.
OPEN_STATUSES = frozenset({Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.AWAITING_REQUESTER,
                           Status.REFERRED})


class Outcome(models.TextChoices):
    FULL = "full", _("Full response")
    PARTIAL = "partial", _("Partial response")
    REFERRED = "referred", _("Referred")
    GAP_IDENTIFIED = "gap", _("Gap identified")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    INDIVIDUAL_CASE = "individual_case", _("Out of scope: individual case")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("Email")
    LIST = "list", _("Mailing list")
    CHAT = "chat", _("Chat group")
    API = "api", _("API")
    STAFF = "staff", _("Logged by staff (phone, meeting)")


class ServiceType(models.TextChoices):
    QUESTION = "question", _("Question")
    DOCUMENT_REVIEW = "document_review", _("Document review")
    TOOL_REQUEST = "tool_request", _("Tool request")
    RESEARCH = "research", _("Research")
    REMOTE_SUPPORT = "remote_support", _("Remote support")
    DEPLOYMENT_REQUEST = "deployment_request", _("Deployment request")
    TRAINING_REQUEST = "training_request", _("Training request")


class Urgency(models.TextChoices):
    STANDARD = "standard", _("Standard")
    URGENT = "urgent", _("Urgent")


class SLAClass(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    STANDARD = "standard", _("Standard")
    COMPLEX = "complex", _("Complex or research")


class QueryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def from_requester(self, address: str):
        """Queries whose requester's address is `address`, ignoring case (uses the LOWER(requester_email)
        index: the mail pipeline asks this of every message)."""
        return self.alias(requester_email_lower=Lower("requester_email")).filter(
            requester_email_lower=(address or "").strip().lower())

    def acknowledged_addresses(self, domain: str, since, limit: int) -> list[str]:
        """The requester addresses at `domain` (case ignored) of the queries received and acknowledged since
        `since`, at most `limit` of them, in no order: what `filter(received_at__gte=since, acknowledged_at__gte=since,
        requester_email__iendswith=f"@{domain}").values_list("requester_email")[:limit]` reads, in one plain
        statement. Mail intake asks this of every new query (its acknowledgement limits), and through the ORM the
        building cost several times the reading, however few rows it read."""
        ops = connection.ops
        table, column = ops.quote_name(self.model._meta.db_table), ops.quote_name("requester_email")
        # The ORM's own case-insensitive "ends with", as this database writes it.
        ends_with = f"{ops.lookup_cast('iendswith', 'CharField') % column} {connection.operators['iendswith'] % '%s'}"
        since, pattern = ops.adapt_datetimefield_value(since), f"%{ops.prep_for_like_query(f'@{domain}')}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table} WHERE received_at >= %s AND acknowledged_at >= %s "  # noqa: S608
                           f"AND {ends_with} LIMIT %s", [since, since, pattern, limit])
            return [address for (address,) in cursor.fetchall()]

    def counted(self):
        """Queries that count as requests in the metrics (withdrawn and merged duplicates excluded)."""
        return self.exclude(status__in=[Status.WITHDRAWN, Status.MERGED])


class Query(models.Model):
    """A request for help. Its question is the first message; everything done to it is a QueryEvent."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    subject = models.CharField(_("subject"), max_length=250)
    language = models.CharField(_("language"), max_length=8, default="en")
    country = models.ForeignKey(
        "directory.Country", verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="queries",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requester"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="queries",
    )
    # For requesters without an account (mail, lists) and to keep the name shown on the query.
    requester_name = models.CharField(_("requester name"), max_length=200, blank=True)
    requester_email = models.EmailField(_("requester email"), blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="queries",
    )
    desk = models.ForeignKey(
        "directory.Desk", verbose_name=_("desk"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="queries",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    service_type = models.CharField(
        _("service type"), max_length=20, choices=ServiceType.choices, default=ServiceType.QUESTION
    )
    # Open personal-data findings wait for an officer (privacy.intake keeps this in step).
    personal_data = models.BooleanField(_("may contain personal data"), default=False, db_index=True)
    topics = models.ManyToManyField("taxonomy.Topic", verbose_name=_("topics"), blank=True, related_name="queries")
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.STANDARD)
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    sensitivity = models.PositiveSmallIntegerField(
        _("sensitivity"), choices=Sensitivity.choices, default=Sensitivity.RESTRICTED
    )
    no_child_details_confirmed = models.BooleanField(
        _("requester confirmed no child's identifying details"), default=False
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="duplicates",
    )

    # Service timestamps.
    received_at = models.DateTimeField(_("received"), db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # SLA: targets are working time on the desk's calendar; pauses move the due dates.
    sla_class = models.CharField(_("SLA class"), max_length=10, choices=SLAClass.choices, default=SLAClass.STANDARD)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    # Judged when the first response goes out, against the due date it had then: later changes to the policy
    # or a desk's calendar do not rewrite history, and the insight figures need no calendar arithmetic.
    first_response_on_time = models.BooleanField(_("first response on time"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    paused_at = models.DateTimeField(_("SLA clock paused since"), null=True, blank=True)
    # Time spent waiting so far, so that due dates recomputed at triage keep earlier pauses.
    paused_working_minutes = models.FloatField(default=0)
    paused_clock_seconds = models.FloatField(default=0)
    reminded_at = models.DateTimeField(_("SLA reminder sent"), null=True, blank=True)

    objects = QueryQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("query")
        verbose_name_plural = _("queries")
        indexes = [
            models.Index(fields=["status", "-received_at"], name="query_status_received"),
            models.Index(fields=["desk", "status", "-received_at"], name="query_desk_status"),
            models.Index(fields=["country", "-received_at"], name="query_country_received"),
            models.Index(fields=["first_response_due"], name="query_first_due"),
            models.Index(fields=["resolution_due"], name="query_resolution_due"),
            models.Index(Lower("requester_email"), name="query_requester_email_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def requester_mail_words(self) -> dict:
        """The query's subject and requester's name as mail to the requester's address may quote them. A
        member's address is verified; an address nobody verified gets no text its sender chose, or whoever
        typed it could make the helpdesk carry their words (a phishing subject, a name) to anyone."""
        if self.requester_id:
            return {"subject": self.subject, "name": self.requester_name}
        return {"subject": pgettext_lazy("mail to an unverified address, in place of its subject", "your question"),
                "name": self.requester_email}

    @property
    def requester_language(self) -> str:
        """The language of mail to the requester: a member's chosen language, else the query's."""
        return self.requester.preferred_language if self.requester else self.language

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Open, clock running and a due date passed (the queue's `overdue` filter, for one query)."""
        now = timezone.now()
        return (self.is_open and self.status not in PAUSED_STATUSES
                and any(due is not None and due < now for due in (self.first_response_due, self.resolution_due)))
