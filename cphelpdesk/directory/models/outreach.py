"""The outreach log: when the helpdesk reached out to a country's coordination group, how, and what came of it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutreachContact(models.Model):
    """One contact with a country the service is not reaching (DESIGN.md: the outreach list)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        CALL = "call", _("Call")
        MEETING = "meeting", _("Meeting")
        CHAT = "chat", _("Chat group")
        WEBINAR = "webinar", _("Webinar or training")
        OTHER = "other", _("Other")

    country = models.ForeignKey("directory.Country", verbose_name=_("country"), on_delete=models.CASCADE,
                                related_name="outreach_contacts")
    contacted_on = models.DateField(_("date"), default=timezone.localdate)
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    outcome = models.TextField(_("outcome"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("outreach contact")
        verbose_name_plural = _("outreach log")

    def __str__(self) -> str:
        return f"{self.country} {self.contacted_on:%Y-%m-%d} ({self.channel})"
