"""Templated notification mail, rendered in the recipient's language and sent through the outbox (which the mail
app plugs in: `deliver_through`)."""

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core import links


def render_notification(*, template: str, language: str, context: dict) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language`."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return " ".join(subject.splitlines()), body


def queue_notification(*, template: str, to: list[str], language: str, context: dict,
                       headers: dict | None = None, attachments: list[dict] | None = None) -> None:
    """Render now, in `language`, and record the mail in the outbox with the change that caused it;
    the worker sends it once the surrounding transaction commits (and retries if the relay fails).

    Every notification is machine-made: it says so (RFC 3834) unless `headers` says more precisely.
    """
    if not to:
        return
    subject, body = render_notification(template=template, language=language, context=context)
    _Outbox.enqueue(template=template, to=to, subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}", body=body,
                    headers={"Auto-Submitted": "auto-generated", **(headers or {})}, attachments=attachments)


class _Outbox:
    enqueue: Callable[..., object] | None = None


def deliver_through(enqueue: Callable[..., object]) -> None:
    """Say which outbox records the mail (`mail.outbox.enqueue`, from `MailConfig.ready`): the mail app sits
    floors above this one, so this floor offers the hook rather than importing it."""
    _Outbox.enqueue = enqueue


# Notifications a member may unsubscribe from (the rest concern their own queries or their work).
NOTIFICATION_KINDS = {
    "focal_point_alerts": _("alerts of coordination and information management requests in your region"),
    "survey_invitations": _("invitations to surveys and their reminders"),
}


class UnsubscribeLinkProblem(links.LinkProblem):
    """An unsubscribe link that cannot be used (tampered with, or its member gone)."""

    problems = {"invalid": (_("This link is not valid. Use the link from your most recent mail, or sign in to "
                              "manage your account."), 400)}
    title = _("Mail notifications")


# No expiry and no nonce: an unsubscribe link in old mail must keep working.
UNSUBSCRIBE_LINK = links.Purpose("cphelpdesk.unsubscribe", UnsubscribeLinkProblem)


def unsubscribe_token(member, kind: str) -> str:
    """A signed token naming the member and the kind of notification."""
    return UNSUBSCRIBE_LINK.sign({"member": member.pk, "kind": kind})


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(member id, kind) from a token, or `UnsubscribeLinkProblem` when it was tampered with or names no known
    kind."""
    data = UNSUBSCRIBE_LINK.unsign(token)
    if not isinstance(data, dict) or data.get("kind") not in NOTIFICATION_KINDS or not isinstance(
            data.get("member"), int):
        raise UnsubscribeLinkProblem("invalid")
    return data["member"], data["kind"]


def unsubscribe_headers(member, kind: str) -> tuple[dict, str]:
    """RFC 2369/8058 headers for an optional notification, and the link for its text."""
    url = absolute_url("directory:unsubscribe", token=unsubscribe_token(member, kind))
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}, url


def absolute_url(view_name: str, **kwargs) -> str:
    """A full link for mail, on the public address of the service (HELPDESK_BASE_URL)."""
    return settings.HELPDESK_BASE_URL.rstrip("/") + reverse(view_name, kwargs=kwargs or None)
