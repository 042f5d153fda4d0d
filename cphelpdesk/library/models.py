"""The resource repository: guidance, tools, templates and banked answers, with their files."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.languages import NATIVE_NAMES
from cphelpdesk.detection.kinds import Review

# The languages resources are written in (the interface languages, and Portuguese).
RESOURCE_LANGUAGES = NATIVE_NAMES


class Resource(models.Model):
    """One item of the repository; its id is its permanent address (`/resources/<id>/`)."""

    class Type(models.TextChoices):
        QA = "qa", _("Banked question and answer")
        GUIDANCE = "guidance", _("Guidance")
        TOOL = "tool", _("Tool")
        TEMPLATE = "template", _("Template")
        TRAINING = "training", _("Training material")
        CASE_STUDY = "case_study", _("Case study")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members")
        STAFF = "staff", _("Helpdesk staff")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.GUIDANCE)
    topics = models.ManyToManyField("taxonomy.Topic", verbose_name=_("topics"), blank=True, related_name="resources")
    countries = models.ManyToManyField("directory.Country", verbose_name=_("countries"), blank=True,
                                       related_name="resources")
    regions = models.ManyToManyField("directory.Region", verbose_name=_("regions"), blank=True,
                                     related_name="resources")
    language = models.CharField(_("language"), max_length=8, choices=RESOURCE_LANGUAGES, default="en")
    # A document written in several languages at once (a bilingual form, say): the others.
    also_in = models.JSONField(_("also in"), default=list, blank=True)
    source = models.CharField(_("source organisation"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    visibility = models.CharField(_("visible to"), max_length=8, choices=Visibility.choices,
                                  default=Visibility.MEMBERS)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Translations point at the original; the original and all its translations form one group.
    translation_of = models.ForeignKey("self", verbose_name=_("translation of"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="translations")
    related = models.ManyToManyField("self", verbose_name=_("related resources"), blank=True, symmetrical=True)
    # A draft banked from a community thread: only curators read it before it is published (library.access).
    curators_only = models.BooleanField(_("curators only until published"), default=False)
    # A banked answer keeps the query it came from, for staff only.
    source_query = models.ForeignKey("queries.Query", verbose_name=_("source query"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="banked_resources")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted for review by"),
                                     null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [models.Index(fields=["status", "visibility", "-published_at"], name="resource_listing"),
                   models.Index(fields=["title", "source"], name="resource_title_source")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:resource", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80] or "resource"

    @property
    def original(self) -> "Resource":
        return self.translation_of or self


class ResourceFile(models.Model):
    """A file of a resource; a new version of a file replaces the current one and keeps the old."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Text extracted")
        FAILED = "failed", _("No text")

    resource = models.ForeignKey(Resource, verbose_name=_("resource"), on_delete=models.CASCADE,
                                 related_name="files")
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="resources/%Y/%m/")
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField("self", verbose_name=_("replaces"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="replaced_by")
    is_current = models.BooleanField(_("current version"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    text = models.TextField(_("extracted text"), blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    extraction = models.CharField(_("text extraction"), max_length=8, choices=Extraction.choices,
                                  default=Extraction.PENDING)
    extraction_error = models.CharField(_("extraction problem"), max_length=300, blank=True)

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("resource file")
        verbose_name_plural = _("resource files")

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class RedactionFlag(models.Model):
    """Personal data found in a draft: open until an officer redacts it or dismisses it.

    Once redacted, the found text is forgotten here too: only its kind remains.
    """

    State = Review  # the same decisions as on a query's findings

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="redaction_flags")
    field = models.CharField(_("where"), max_length=20)
    kind = models.CharField(_("kind"), max_length=40)
    text = models.CharField(_("found text"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["state", "field", "id"]
        verbose_name = _("redaction flag")
        verbose_name_plural = _("redaction flags")

    def __str__(self) -> str:
        return f"{self.kind} in {self.field} ({self.state})"


class ResourceUse(models.Model):
    """How often a resource was read and its files downloaded, one row a day: counters only, so usage can be
    reported without recording who looked (no account, no address, no time of day)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="uses")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("page views"), default=0)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        ordering = ["-day", "resource"]
        verbose_name = _("resource use")
        verbose_name_plural = _("resource use")
        constraints = [models.UniqueConstraint(fields=["resource", "day"], name="resource_use_one_row_a_day")]

    def __str__(self) -> str:
        return f"{self.resource_id} on {self.day}: {self.views} views, {self.downloads} downloads"
