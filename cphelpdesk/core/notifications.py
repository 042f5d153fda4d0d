"""Templated notification mail, rendered in the recipient's language and sent by the worker."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def render_notification(*, template: str, language: str, context: dict) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language`."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return " ".join(subject.splitlines()), body


def send_notification_now(*, template: str, to: list[str], language: str, context: dict,
                          headers: dict | None = None) -> None:
    """Render and send one notification over the configured mail backend.

    Every notification is machine-made: it says so (RFC 3834) unless `headers` says more precisely.
    """
    subject, body = render_notification(template=template, language=language, context=context)
    headers = {"Auto-Submitted": "auto-generated", **(headers or {})}
    reply_to = [headers.pop("Reply-To")] if "Reply-To" in headers else None
    message = EmailMultiAlternatives(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}", body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to,
        headers=headers, reply_to=reply_to,
    )
    message.send()


def queue_notification(*, template: str, to: list[str], language: str, context: dict,
                       headers: dict | None = None) -> None:
    """Send after the surrounding transaction commits, from the worker (context: JSON values only)."""
    if not to:
        return
    from cphelpdesk.core.tasks import send_notification

    transaction.on_commit(
        lambda: send_notification.enqueue(template=template, to=to, language=language, context=context,
                                          headers=headers or {})
    )


def absolute_url(view_name: str, **kwargs) -> str:
    """A full link for mail, on the public address of the service (HELPDESK_BASE_URL)."""
    return settings.HELPDESK_BASE_URL.rstrip("/") + reverse(view_name, kwargs=kwargs or None)
