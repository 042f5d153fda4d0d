"""Messages on a query (the requester's, staff replies, internal notes) and their attachments."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core.sensitivity import Sensitivity


class Message(models.Model):
    """One message in a query's thread. Internal notes are never shown to the requester."""

    class Kind(models.TextChoices):
        REQUESTER = "requester", _("From the requester")
        REPLY = "reply", _("Reply to the requester")
        NOTE = "note", _("Internal note")

    query = models.ForeignKey("queries.Query", on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who wrote it when the author has no account (a referral recipient, a mail sender).
    author_name = models.CharField(_("author name"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    body_html = models.TextField(_("message (sanitised HTML)"), blank=True)
    # For mail: the new part only, without the quoted thread and signature (the full text stays in `body`).
    reply_text = models.TextField(_("new text of the message"), blank=True)
    sensitivity = models.PositiveSmallIntegerField(
        _("sensitivity"), choices=Sensitivity.choices, default=Sensitivity.RESTRICTED
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    # When the worker looked for personal data in it (None: not yet; see privacy.tasks).
    scanned_at = models.DateTimeField(_("checked for personal data"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["id"], condition=models.Q(scanned_at__isnull=True), name="message_to_scan")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.query_id}"

    @property
    def author_label(self) -> str:
        return str(self.author) if self.author else self.author_name


def attachment_path(instance, filename: str) -> str:
    """Stored under a generated name: the uploader's file name never reaches the file system."""
    suffix = PurePosixPath(instance.original_name).suffix.lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file on a message. Served only by a permission-checked view, always as a download."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    sensitivity = models.PositiveSmallIntegerField(
        _("sensitivity"), choices=Sensitivity.choices, default=Sensitivity.RESTRICTED
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    scanned_at = models.DateTimeField(_("checked for personal data"), null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["id"], condition=models.Q(scanned_at__isnull=True),
                                name="attachment_to_scan")]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
