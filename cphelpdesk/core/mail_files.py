"""Outgoing mail kept as files, for development and the demo: each message is written to its own `.eml` file
under EMAIL_FILE_PATH (var/mail/), which any mail client opens, and officers read them at /staff/mail-written/
instead of in the server's log. Production sends over SMTP and has no such page.
"""

import email
import email.parser
import email.policy
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

BACKEND = "cphelpdesk.core.mail_files.EmailBackend"
FILE_NAME = re.compile(r"^\d{8}-\d{6}-\d{6}-[0-9a-f]{8}\.eml$")
LISTED = 200


class EmailBackend(BaseEmailBackend):
    """Django mail backend writing one `.eml` file per message (Django's file backend appends every message of
    a connection to one log file)."""

    def send_messages(self, email_messages) -> int:
        directory = Path(settings.EMAIL_FILE_PATH)
        directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{secrets.token_hex(4)}.eml"
            partial = directory / f".{name}.part"
            partial.write_bytes(message.message().as_bytes(linesep="\n"))
            os.replace(partial, directory / name)  # the page never lists half a message
        return len(email_messages)


def in_use() -> bool:
    """Whether outgoing mail is written to files here and may be shown: development and the demo only
    (`DEBUG`), since the page shows every mail, sign-in and password-reset links included."""
    return settings.DEBUG and settings.EMAIL_BACKEND == BACKEND


def written_mails() -> list[dict]:
    """The newest messages written, newest first: file name, when, to whom, subject."""
    directory = Path(settings.EMAIL_FILE_PATH)
    names = sorted((path.name for path in directory.glob("*.eml") if FILE_NAME.match(path.name)), reverse=True)
    mails = []
    for name in names[:LISTED]:
        with (directory / name).open("rb") as stored:
            headers = email.parser.BytesHeaderParser(policy=email.policy.default).parse(stored)
        mails.append({"name": name, "date": headers["Date"], "to": headers["To"], "subject": headers["Subject"]})
    return mails


def read_mail(name: str) -> dict | None:
    """One written message's headers and plain text, or None when there is no such file."""
    path = Path(settings.EMAIL_FILE_PATH) / name
    if not FILE_NAME.match(name) or not path.is_file():
        return None
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    return {"name": name, "subject": message["Subject"] or "",
            "headers": [(key, message[key]) for key in ("From", "To", "Reply-To", "Date") if message[key]],
            "text": text.get_content() if text is not None else "",
            "files": [part.get_filename() for part in message.iter_attachments() if part.get_filename()]}
