"""The signed link by which a requester without an account follows their query."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequesterLink(models.Model):
    """A requester known only by address follows their query through a mailed link, valid until `expires_at`.

    The link carries a signed (query id, nonce); the nonce changes each time the link is used to add
    information, so a link works for one message and an older one is refused as already used. Every mail to
    the requester carries the current link and moves `expires_at` on.
    """

    query = models.OneToOneField("queries.Query", verbose_name=_("query"), on_delete=models.CASCADE,
                                 related_name="requester_link")
    nonce = models.CharField(max_length=32)
    expires_at = models.DateTimeField(_("link expires"))

    class Meta:
        verbose_name = _("requester link")
        verbose_name_plural = _("requester links")

    def __str__(self) -> str:
        return f"{self.query_id}: {self.expires_at:%Y-%m-%d}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())
