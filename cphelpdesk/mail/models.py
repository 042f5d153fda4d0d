"""Inbound mail, stored raw and durably before anything else happens to it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    """One message as received (SMTP/LMTP gateway, MTA pipe, IMAP, import), and what became of it."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, waiting to be processed")
        PROCESSED = "processed", _("Processed")
        DUPLICATE = "duplicate", _("Duplicate")
        BOUNCE = "bounce", _("Delivery report")
        AUTO_REPLY = "auto_reply", _("Automatic reply")
        LIST = "list", _("Mailing-list traffic")
        QUARANTINED = "quarantined", _("Quarantined")

    class Channel(models.TextChoices):
        SMTP = "smtp", _("SMTP/LMTP gateway")
        PIPE = "pipe", _("MTA pipe (ingest_email)")
        IMAP = "imap", _("IMAP mailbox")
        IMPORT = "import", _("History import")

    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    envelope_from = models.CharField(_("envelope sender"), max_length=500, blank=True)
    envelope_to = models.JSONField(_("envelope recipients"), default=list)
    # The SMTP client and its HELO name, as the gateway saw them: SPF checks them when the gateway receives
    # straight from the internet (mail.authentication).
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    client_helo = models.CharField(_("client HELO name"), max_length=255, blank=True)
    raw = models.BinaryField(_("raw message"))
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, db_index=True)
    message_id = models.CharField(_("Message-ID"), max_length=500, blank=True, db_index=True)
    # From and Subject as read from the header block at receipt, for lists (the raw copy may be large).
    sender = models.CharField(_("from"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    attempts = models.PositiveSmallIntegerField(_("processing attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    # How the sender's From was proven, or why it was not (only asked of mail claiming a member's address).
    authentication = models.CharField(_("sender authentication"), max_length=200, blank=True)
    query = models.ForeignKey("queries.Query", verbose_name=_("query"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="inbound_messages")
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    # The desk the message was addressed to (mail.addressing), set when it is quarantined: while mail
    # belongs to no query, that desk's officers (and managers) look after it, nobody else.
    desk = models.ForeignKey("directory.Desk", verbose_name=_("addressed to desk"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    # A worker draining received mail claims a batch until then (mail.actions.claim_received), so that two
    # workers split a burst instead of parsing the same messages; a lapsed claim is anyone's again.
    claimed_until = models.DateTimeField(_("claimed by a worker until"), null=True, blank=True)
    # When retention dropped the raw copy (privacy.retention): the summary, size and outcome stay.
    raw_purged_at = models.DateTimeField(_("raw copy purged"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        indexes = [models.Index(fields=["status", "received_at"], name="inbound_status_received")]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.message_id or self.sha256[:12]} ({self.status})"


class OutboundMessage(models.Model):
    """A mail the helpdesk sends: recorded (already rendered) with the change that caused it, then sent
    by the worker with retries; a send that keeps failing is shown to officers."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    template = models.CharField(_("kind"), max_length=120)
    # A list post goes out From "Name via <community>" with a VERP return path naming its subscriber; the
    # helpdesk's own mail leaves both empty (DEFAULT_FROM_EMAIL, which is also the envelope sender).
    sender = models.CharField(_("from"), max_length=500, blank=True)
    return_path = models.CharField(_("envelope sender"), max_length=500, blank=True)
    to = models.JSONField(_("to"))
    subject = models.CharField(_("subject"), max_length=500)
    body = models.TextField(_("text"))
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Files already in storage, as {"name", "content_type", "path"}: the mail is built from them when sent.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbound_status_next")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.subject[:60]} ({self.status})"
