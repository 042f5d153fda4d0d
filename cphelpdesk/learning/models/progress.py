"""Each member's learning: enrolments, progress per step, quiz attempts, session registrations, submissions
for review, certificates; and the officers' recommendations of learning on a query."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.languages import NATIVE_NAMES
from cphelpdesk.learning.models.catalogue import LiveSession, Pathway, Step

# Certificate codes: no 0/O or 1/I/L, so that a code read aloud or typed from paper is not mistaken.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_certificate_code() -> str:
    """A random verification code, about 59 bits: not guessable, short enough to type from a printed page."""
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


class Enrolment(models.Model):
    """A member following a pathway (one row per member and pathway; a withdrawn member may re-enrol)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="enrolments")
    pathway = models.ForeignKey(Pathway, verbose_name=_("pathway"), on_delete=models.PROTECT,
                                related_name="enrolments")
    # The member themselves, their coordinator or an officer.
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("enrolled by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["member", "pathway"], name="enrolment_one_per_pathway")]
        indexes = [models.Index(fields=["pathway", "status"], name="enrolment_pathway_status")]

    def __str__(self) -> str:
        return f"{self.member} in {self.pathway}"


class StepProgress(models.Model):
    """Where a member stands on one step of a pathway they are enrolled in."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    enrolment = models.ForeignKey(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
                                  related_name="progress")
    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    # The best quiz score (per cent), for a module with a quiz.
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "step__order", "step_id"]
        verbose_name = _("step progress")
        verbose_name_plural = _("step progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "step"], name="progress_one_per_step")]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.step} ({self.status})"


class QuizAttempt(models.Model):
    """One attempt at a module's quiz; `answers` is {question id: [choice ids]} as submitted."""

    enrolment = models.ForeignKey(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
                                  related_name="quiz_attempts")
    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="quiz_attempts")
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    attempted_at = models.DateTimeField(_("attempted"), default=timezone.now)

    class Meta:
        ordering = ["enrolment", "step", "attempted_at", "id"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.score}%"


class SessionRegistration(models.Model):
    """A member's place at a live session, or on its waitlist (in order of `queued_at`)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Absent")

    # The statuses that hold a place.
    HOLDS_PLACE = (Status.REGISTERED, Status.ATTENDED, Status.ABSENT)

    session = models.ForeignKey(LiveSession, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="registrations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="session_registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED)
    # When the member last asked for a place: the waitlist's order (then id).
    queued_at = models.DateTimeField(_("asked for a place"), db_index=True)
    promoted_at = models.DateTimeField(_("moved from the waitlist"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("attendance marked by"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(_("attendance marked"), null=True, blank=True)

    class Meta:
        ordering = ["session", "queued_at", "id"]
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="registration_one_per_session")]
        indexes = [models.Index(fields=["session", "status", "queued_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.member} at {self.session} ({self.status})"


class Submission(models.Model):
    """An external course's certificate or an assignment, sent for review; a returned one is followed by a
    new submission (the history stays)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned with comments")

    enrolment = models.ForeignKey(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
                                  related_name="submissions")
    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="submissions")
    # Checked by core.uploads.check_upload before it is saved; the name is the uploader's, for display.
    file = models.FileField(_("file"), upload_to="learning/submissions/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    note = models.TextField(_("note for the reviewer"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    comments = models.TextField(_("reviewer's comments"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [models.Index(fields=["status", "submitted_at"], name="submission_review_queue")]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


class Certificate(models.Model):
    """Issued when a pathway is completed; verified publicly by its code; a revoked one is refused."""

    # An account deleted outright (erasure anonymises instead) takes its certificates: the code is then unknown.
    enrolment = models.ForeignKey(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
                                  related_name="certificates")
    code = models.CharField(_("verification code"), max_length=24, unique=True, default=new_certificate_code)
    language = models.CharField(_("language"), max_length=8, choices=NATIVE_NAMES, default="en")
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        # At most one valid certificate per enrolment; a revoked one may be followed by a new one.
        constraints = [models.UniqueConstraint(fields=["enrolment"], condition=Q(revoked_at__isnull=True),
                                               name="certificate_one_valid_per_enrolment")]

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class LearningReferral(models.Model):
    """An officer answering a query by recommending a pathway, a step or a session (counted in insight)."""

    query = models.ForeignKey("queries.Query", verbose_name=_("query"), on_delete=models.CASCADE,
                              related_name="learning_referrals")
    pathway = models.ForeignKey(Pathway, verbose_name=_("pathway"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="referrals")
    step = models.ForeignKey(Step, verbose_name=_("step"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="referrals")
    session = models.ForeignKey(LiveSession, verbose_name=_("session"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="referrals")
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recommended by"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recommended"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("learning referral")
        verbose_name_plural = _("learning referrals")
        constraints = [models.CheckConstraint(
            condition=Q(pathway__isnull=False) | Q(step__isnull=False) | Q(session__isnull=False),
            name="learning_referral_names_something")]

    def __str__(self) -> str:
        return f"{self.query_id}: {self.session or self.step or self.pathway}"
