"""The catalogue: pathways, their ordered steps and prerequisites, module pages, quizzes and live sessions.

Languages: a pathway, a step and a module page are written once in the pathway's own language and may have a
translation row per other language (`*Translation`), so that enrolments, progress and prerequisites are one set
whatever language a member reads in; a member sees the translation in their language where there is one
(`learning.selectors.in_language`). Quiz questions and choices are short: their translations are kept on the
row (`translations`, {language: text}).
"""

import zoneinfo

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.languages import NATIVE_NAMES

# What a module page may hold: text structure, links, tables; no scripts, styles, images or embeds, which keep
# pages light on slow links.
PAGE_TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote", "table",
             "thead", "tbody", "tr", "th", "td", "abbr", "code", "pre", "hr", "dl", "dt", "dd", "sup", "sub"}


def sanitise_page(html: str) -> str:
    """A module page's rich text reduced to the tags and links a light page needs (nh3, as mail parsing)."""
    return nh3.clean(html or "", tags=PAGE_TAGS, url_schemes={"http", "https", "mailto"})


def validate_time_zone(name: str) -> None:
    """A time zone the IANA database knows (a zoneinfo key such as "Africa/Dakar")."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(_("%(name)s is not a known time zone.") % {"name": name}) from error


# Addresses under /learning/ that are not pathways.
RESERVED_SLUGS = {"mine", "team", "facilitate", "sessions", "submissions", "recommend"}


def validate_pathway_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("This short name is taken by a page of the learning area; choose another."))


class Translated(models.Model):
    """Abstract base of the rows that carry a title and summary in one language."""

    language = models.CharField(_("language"), max_length=8, choices=NATIVE_NAMES, default="en")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class Pathway(Translated):
    """A learning pathway: an ordered set of steps for one audience (Moodle's learning plan template)."""

    class Audience(models.TextChoices):
        COORDINATORS = "coordinators", _("Coordinators")
        INFORMATION_MANAGERS = "information_managers", _("Information managers")
        SUB_NATIONAL = "sub_national", _("Sub-national coordination teams")
        CO_LEADS = "co_leads", _("Co-leads from national NGOs")
        EVERYONE = "everyone", _("Everyone in coordination teams")

    slug = models.SlugField(_("short name"), max_length=80, unique=True, validators=[validate_pathway_slug])
    audience = models.CharField(_("audience"), max_length=24, choices=Audience.choices, default=Audience.EVERYONE)
    is_published = models.BooleanField(_("published"), default=False)
    # Who reviews the pathway's submissions (external certificates, assignments) besides helpdesk officers.
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("facilitators"), blank=True,
                                          related_name="facilitated_pathways")
    order = models.PositiveSmallIntegerField(_("order in the catalogue"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")

    def get_absolute_url(self) -> str:
        return reverse("learning:pathway", kwargs={"slug": self.slug})


class PathwayTranslation(Translated):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        verbose_name = _("pathway translation")
        verbose_name_plural = _("pathway translations")
        constraints = [models.UniqueConstraint(fields=["pathway", "language"], name="pathway_one_translation")]


class Step(models.Model):
    """One step of a pathway; it may start once its prerequisites are done."""

    class Kind(models.TextChoices):
        MODULE = "module", _("Self-paced module")
        LIVE_SESSION = "live_session", _("Live session")
        EXTERNAL_COURSE = "external_course", _("External course")
        ASSIGNMENT = "assignment", _("Assignment")

    pathway = models.ForeignKey(Pathway, verbose_name=_("pathway"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MODULE)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    # An external course's address (Kaya, Agora, DisasterReady, a Moodle course).
    external_url = models.URLField(_("course address"), blank=True)
    prerequisites = models.ManyToManyField("self", verbose_name=_("prerequisites"), symmetrical=False,
                                           blank=True, related_name="unlocks")

    class Meta:
        ordering = ["pathway", "order", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:step", kwargs={"slug": self.pathway.slug, "pk": self.pk})

    @property
    def needs_review(self) -> bool:
        """External courses and assignments are done once a reviewer accepts what the member submitted."""
        return self.kind in {self.Kind.EXTERNAL_COURSE, self.Kind.ASSIGNMENT}


class StepTranslation(Translated):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        verbose_name = _("step translation")
        verbose_name_plural = _("step translations")
        constraints = [models.UniqueConstraint(fields=["step", "language"], name="step_one_translation")]


class ModulePage(models.Model):
    """A light page of a module: sanitised rich text, and links to repository resources and banked Q&As
    (which are resources of type "qa"); the resources show back where they are used."""

    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="pages")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    resources = models.ManyToManyField("library.Resource", verbose_name=_("resources and banked answers"),
                                       blank=True, related_name="module_pages")

    class Meta:
        ordering = ["step", "order", "id"]
        verbose_name = _("module page")
        verbose_name_plural = _("module pages")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitise_page(self.body)
        super().save(*args, **kwargs)


class ModulePageTranslation(models.Model):
    page = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=NATIVE_NAMES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("module page translation")
        verbose_name_plural = _("module page translations")
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="module_page_one_translation")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitise_page(self.body)
        super().save(*args, **kwargs)


class Quiz(models.Model):
    """A module's short quiz: passed at `pass_mark` per cent; the best of at most `max_attempts` counts."""

    step = models.OneToOneField(Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="quiz")
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70,
                                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3,
                                                    validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return str(self.step)


class LocalisedText(models.Model):
    """Abstract base of a short text with its translations on the row."""

    text = models.CharField(_("text"), max_length=500)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text

    @property
    def localized_text(self) -> str:
        """The text in the active language where it was translated."""
        return self.translations.get((get_language() or "en")[:2]) or self.text


class Question(LocalisedText):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")

    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SINGLE)

    class Meta:
        ordering = ["quiz", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")


class Choice(LocalisedText):
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE,
                                 related_name="choices")
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")


class LiveSession(models.Model):
    """A webinar or workshop of a live-session step; its time is kept in the session's own time zone's terms
    (`starts_at` is aware; `time_zone` says how to show it and write the invitation)."""

    class Format(models.TextChoices):
        WEBINAR = "webinar", _("Webinar")
        IN_PERSON = "in_person", _("In-person workshop")

    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.WEBINAR)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("link to join"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), default=30, validators=[MinValueValidator(1)])
    language = models.CharField(_("language"), max_length=8, choices=NATIVE_NAMES, default="en")
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("facilitator"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="facilitated_sessions")
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return self.title or str(self.step)

    def get_absolute_url(self) -> str:
        return reverse("learning:session", kwargs={"pk": self.pk})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        """The start in the session's own time zone."""
        return self.starts_at.astimezone(self.zone)
