"""Survey campaigns: a survey and its questions, who was invited, and the de-identified responses."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cphelpdesk.directory.models import Organisation


class Survey(models.Model):
    """A survey a manager builds while it is a draft, opens (mailing the invitations) and closes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("Shown above the questions and in the invitation."))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    closes_on = models.DateField(_("answer by"), null=True, blank=True, help_text=_(
        "The invitation asks people to answer by this date; the survey closes the day after."))
    # The audience criteria (see campaigns.selectors.audience_members), kept to say whom the survey went to.
    audience = models.JSONField(_("audience"), default=dict, blank=True)
    template = models.CharField(_("made from template"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Counted when the survey closes, so that the response rate outlives the invitations (retention drops them).
    invited_count = models.PositiveIntegerField(_("invited"), null=True, blank=True)
    responded_count = models.PositiveIntegerField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Section(models.Model):
    """A titled group of questions, shown as one fieldset group on the respondent's page."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One question; `choices` lists the options of the choice kinds."""

    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 10")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE})

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    required = models.BooleanField(_("answer required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class Invitation(models.Model):
    """A member invited to answer: the signed link carries (id, nonce). Nothing here says what they answered:
    the `Response` is not linked to it, so deleting invitations (retention) leaves the answers."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE,
                               related_name="invitations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="survey_invitations")
    nonce = models.CharField(max_length=32)
    sent_at = models.DateTimeField(_("invited"), default=timezone.now)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    # The day only: a time could be matched with the order in which responses were stored.
    responded_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="surveys_one_invitation_each")]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.member_id}"


class Response(models.Model):
    """One completed questionnaire, de-identified from the start: no member, no invitation, only the
    snapshot the breakdowns need (region and type of organisation; a country would name a group). Random keys
    and no time of submission, and the invitation keeps only the day it was answered, so that neither the
    order of rows nor a time can match a response to the invitation answered at that moment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    region = models.ForeignKey("directory.Region", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    organisation_type = models.CharField(_("organisation type"), max_length=12, choices=Organisation.Type.choices,
                                         blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.pk}"


class Answer(models.Model):
    """The answer to one question: `number` for ratings and numbers, `choices` for choice questions,
    `text` for free text. Questions left blank have no row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # see Response
    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE,
                                 related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE,
                                 related_name="answers")
    number = models.IntegerField(_("number"), null=True, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="surveys_one_answer_each")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
