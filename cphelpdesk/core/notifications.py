"""Templated notification mail, rendered in the recipient's language and sent through the outbox."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def render_notification(*, template: str, language: str, context: dict) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language`."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return " ".join(subject.splitlines()), body


def queue_notification(*, template: str, to: list[str], language: str, context: dict,
                       headers: dict | None = None) -> None:
    """Render now, in `language`, and record the mail in the outbox with the change that caused it;
    the worker sends it once the surrounding transaction commits (and retries if the relay fails).

    Every notification is machine-made: it says so (RFC 3834) unless `headers` says more precisely.
    """
    if not to:
        return
    from cphelpdesk.mail.outbox import enqueue

    subject, body = render_notification(template=template, language=language, context=context)
    enqueue(template=template, to=to, subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}", body=body,
            headers={"Auto-Submitted": "auto-generated", **(headers or {})})


def absolute_url(view_name: str, **kwargs) -> str:
    """A full link for mail, on the public address of the service (HELPDESK_BASE_URL)."""
    return settings.HELPDESK_BASE_URL.rstrip("/") + reverse(view_name, kwargs=kwargs or None)
