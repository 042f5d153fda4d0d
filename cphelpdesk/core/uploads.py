"""Validation of uploaded files: an allow-list of types checked against the file's own bytes.

Used for every file that enters the helpdesk (web, API, mail). The uploader's name is kept for
display only; the type comes from the allow-list, never from the client.
"""

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cphelpdesk.core.extractors.archive import zip_bomb

OOXML = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
OPENDOCUMENT = {".odt": "application/vnd.oasis.opendocument.text",
                ".ods": "application/vnd.oasis.opendocument.spreadsheet",
                ".odp": "application/vnd.oasis.opendocument.presentation"}
OLE2 = {".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint"}
SIGNATURES = {
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".rtf": ("application/rtf", [b"{\\rtf"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    ".gif": ("image/gif", [b"GIF87a", b"GIF89a"]),
}
TEXT = {".txt": "text/plain", ".csv": "text/csv", ".ics": "text/calendar"}
ALLOWED_EXTENSIONS = sorted({*OOXML, *OPENDOCUMENT, *OLE2, *SIGNATURES, *TEXT})
# Office files are zip archives: refuse ones that would expand past this (zip bombs), hold more members, or
# compress more than MAX_COMPRESSION_RATIO times, in a member of over 1 MB or as a whole (extractors.zip_bomb).
# Office XML compresses 5 to 50 times, one paragraph repeated 60,000 times about 250 times; deflate cannot pass
# about 1030.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_COMPRESSION_RATIO = 500
# What _sniff answers for a zip that would unpack too far.
EXPANDS = "expands"


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # safe display name
    content_type: str
    size: int
    sha256: str


def display_name(raw: str) -> str:
    """The last path component of an uploader's file name, without control characters."""
    name = (raw or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".")
    return name[-200:] or "attachment"


def accepted_extensions() -> list[str]:
    """The types this deployment accepts: HELPDESK_ALLOWED_ATTACHMENT_TYPES narrows the built-in allow-list
    (it can never widen it: only types whose bytes we know how to check are allowed)."""
    configured = {f".{kind.lower().lstrip('.')}" for kind in settings.HELPDESK_ALLOWED_ATTACHMENT_TYPES}
    return [extension for extension in ALLOWED_EXTENSIONS if not configured or extension in configured]


def check_upload(upload) -> CheckedUpload:
    """Validate one uploaded file (a Django File); raise ValidationError with a message for the uploader."""
    name = display_name(upload.name)
    extension = PurePosixPath(name).suffix.lower()
    limit = settings.HELPDESK_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError(_("%(name)s is too large (%(size)s); the limit is %(limit)s.") % {
            "name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    accepted = accepted_extensions()
    if extension not in accepted:
        raise ValidationError(_("%(name)s: this type of file is not accepted. Accepted: %(types)s.") % {
            "name": name, "types": ", ".join(accepted)})
    upload.seek(0)
    head = upload.read(8192)
    content_type = _sniff(upload, extension, head)
    if content_type is EXPANDS:
        raise ValidationError(_("%(name)s would expand too much when opened; it may be damaged or built to "
                                "harm.") % {"name": name})
    if content_type is None:
        raise ValidationError(
            _("%(name)s does not look like a real %(type)s file; it may be damaged or renamed.")
            % {"name": name, "type": extension.lstrip(".").upper()})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(name=name, content_type=content_type, size=upload.size, sha256=digest.hexdigest())


def _sniff(upload, extension: str, head: bytes) -> str | None:
    if extension in SIGNATURES:
        content_type, magics = SIGNATURES[extension]
        return content_type if any(head.startswith(magic) for magic in magics) else None
    if extension in OLE2:
        return OLE2[extension] if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") else None
    if extension in TEXT:
        return TEXT[extension] if b"\x00" not in head else None
    if extension in OOXML or extension in OPENDOCUMENT:
        if not head.startswith(b"PK\x03\x04"):
            return None
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                members = archive.infolist()
                if zip_bomb(members, max_members=MAX_ZIP_MEMBERS, max_unpacked_bytes=MAX_UNPACKED_BYTES,
                            max_ratio=MAX_COMPRESSION_RATIO):
                    return EXPANDS
                names = {member.filename for member in members}
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if extension in OOXML:
            return OOXML[extension] if "[Content_Types].xml" in names else None
        return OPENDOCUMENT[extension] if "mimetype" in names else None
    return None
