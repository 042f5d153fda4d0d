"""Bounded text extraction from documents: PDF, Word, Excel, PowerPoint, OpenDocument, RTF and plain text.

`extract_text` never raises for what is in a file: a hostile or broken file gives an ExtractedText whose `error`
says why in a short sentence for people. Each file is parsed in a child process of its own (a fresh interpreter
running core.extractors) that is killed when it runs past the timeout, and that sets itself a memory limit, a
CPU-time limit and no right to write files where the platform has them: a PDF that loops or a zip bomb costs that
child, never the web or task worker that asked. The child is started with an empty environment, so the secrets
kept there are not handed to the parsers. It still runs as the same user: this bounds time and memory, it is not
a sandbox against a parser that is made to run code.
"""

import json
import logging
import os
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cphelpdesk.core import extractors, uploads

logger = logging.getLogger(__name__)

# The directory holding the cphelpdesk package: the child imports the parsers from there.
SOURCE_ROOT = Path(__file__).resolve().parents[2]

ERROR_MESSAGES = {
    extractors.UNSUPPORTED: _("Text cannot be extracted from this type of file"),
    extractors.TOO_LARGE: _("The file is too large to read"),
    extractors.ENCRYPTED: _("The file is encrypted"),
    extractors.UNREADABLE: _("The file could not be read"),
    extractors.EXPANDS: _("The file expands to too much data to be read safely"),
    extractors.UNSAFE: _("The file contains constructs that are unsafe to read"),
    extractors.TIMEOUT: _("Extraction took too long"),
    extractors.MEMORY: _("Extraction needed too much memory"),
    extractors.UNAVAILABLE: _("Text extraction is not available right now"),
}


def _setting(name: str, default):
    return getattr(settings, name, default)


@dataclass(frozen=True)
class ExtractionLimits:
    """Bounds on one extraction. Unset fields come from the HELPDESK_EXTRACT_* settings (docs/configuration.md)."""

    max_bytes: int = field(default_factory=partial(_setting, "HELPDESK_EXTRACT_MAX_BYTES", 50 * 1024 * 1024))
    max_pages: int = field(default_factory=partial(_setting, "HELPDESK_EXTRACT_MAX_PAGES", 500))
    max_chars: int = field(default_factory=partial(_setting, "HELPDESK_EXTRACT_MAX_CHARS", 2_000_000))
    timeout_seconds: float = field(default_factory=partial(_setting, "HELPDESK_EXTRACT_TIMEOUT_SECONDS", 30))
    max_memory_bytes: int = field(
        default_factory=partial(_setting, "HELPDESK_EXTRACT_MAX_MEMORY_BYTES", 1024 * 1024 * 1024))
    # Zip containers (Office, OpenDocument): the bounds of the upload check (core.uploads.zip_bomb). Parts are
    # parsed as a stream, so the ratio only spares the time of reading a bomb.
    max_unpacked_bytes: int = uploads.MAX_UNPACKED_BYTES
    max_members: int = uploads.MAX_ZIP_MEMBERS
    max_ratio: int = uploads.MAX_COMPRESSION_RATIO


@dataclass(frozen=True)
class ExtractedText:
    """The text of a document, or why there is none.

    `text` has its whitespace normalised (single spaces, lines, one blank line between pages, slides and
    sheets) and at most max_chars characters; `pages` counts a PDF's pages or a presentation's slides (None for
    other types); `truncated` says a limit (characters or pages) cut the text short. `error` is empty when the
    file was read, else a short sentence in the active language; `error_code` is the same reason as a stable
    word (see ERROR_MESSAGES), for callers that store it and show it later in their reader's language.
    `language_hint` guesses en, fr, es or ar from the text, or is empty.
    """

    text: str = ""
    pages: int | None = None
    truncated: bool = False
    error: str = ""
    error_code: str = ""
    language_hint: str = ""


def _failure(code: str) -> ExtractedText:
    """An ExtractedText with no text for one of the error codes."""
    return ExtractedText(error=str(ERROR_MESSAGES[code]), error_code=code)


def extract_text(path_or_bytes, *, name: str, content_type: str | None = None,
                 limits: ExtractionLimits | None = None) -> ExtractedText:
    """The text of one file, read in a bounded child process; never raises for what the file contains.

    `path_or_bytes` is a path (str or PathLike), bytes, or a binary file object read from where it stands.
    The type comes from `content_type` when it is one we read, else from the extension of `name`; the parsers
    check the file's own bytes in any case (a renamed or damaged file gives "could not be read").
    """
    limits = limits or ExtractionLimits()
    kind, charset = extractors.detect_kind(name, content_type)
    if kind is None:
        return _failure(extractors.UNSUPPORTED)
    path, data = None, None
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        data = bytes(path_or_bytes)
    elif isinstance(path_or_bytes, str | os.PathLike):
        try:
            path = Path(path_or_bytes).resolve()
            size = path.stat().st_size
        except OSError:
            logger.warning("extraction: cannot read %s", path_or_bytes)
            return _failure(extractors.UNREADABLE)
        if size > limits.max_bytes:
            return _failure(extractors.TOO_LARGE)
    elif hasattr(path_or_bytes, "read"):
        data = path_or_bytes.read(limits.max_bytes + 1)
    else:
        raise TypeError(f"extract_text needs a path, bytes or a binary file, not {type(path_or_bytes).__name__}")
    if data is not None and len(data) > limits.max_bytes:
        return _failure(extractors.TOO_LARGE)
    result = _run_child(path=path, data=data, kind=kind, charset=charset, limits=limits)
    code = result.get("error") or ""
    if code:
        if code not in ERROR_MESSAGES:
            code = extractors.UNREADABLE
        if code not in {extractors.UNREADABLE, extractors.UNSUPPORTED}:
            # The kind, not the name: file names in a child-protection helpdesk can name a child.
            logger.info("extraction: a %s file gave %s %s", kind, code, result.get("detail", ""))
        return _failure(code)
    return ExtractedText(text=result["text"], pages=result["pages"], truncated=bool(result["truncated"]),
                         language_hint=result.get("language") or "")


# The child: `python -I -S -c BOOTSTRAP SYS_PATH`. -S skips site (and its .pth files, 15-20 ms of the start);
# the parent's own import path is handed over instead, so the child imports exactly what this process would.
BOOTSTRAP = ("import sys, json; sys.path[:] = json.loads(sys.argv[1]); "
             "from cphelpdesk.core.extractors import main; main()")


def child_command() -> list[str]:
    """The command line that starts one extraction child."""
    path = [str(SOURCE_ROOT), *(entry for entry in sys.path if entry and entry != str(SOURCE_ROOT))]
    return [sys.executable, "-I", "-S", "-c", BOOTSTRAP, json.dumps(path)]


def _run_child(*, path: Path | None, data: bytes | None, kind: str, charset: str | None,
               limits: ExtractionLimits) -> dict:
    request = {"path": str(path) if path else None, "kind": kind, "charset": charset, "limits": asdict(limits)}
    payload = json.dumps(request).encode() + b"\n" + (data or b"")
    try:
        child = subprocess.Popen(  # noqa: S603 (our own interpreter and module, no shell)
            child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={},
            close_fds=True, start_new_session=True)
    except OSError:
        logger.exception("extraction: could not start the child process")
        return {"error": extractors.UNAVAILABLE}
    try:
        output, errors = child.communicate(payload, timeout=limits.timeout_seconds)
    except subprocess.TimeoutExpired:
        _kill(child)
        return {"error": extractors.TIMEOUT}
    except BaseException:
        _kill(child)
        raise
    if child.returncode == 0:
        try:
            result = json.loads(output)
        except ValueError:
            result = None
        if isinstance(result, dict) and isinstance(result.get("text", ""), str):
            return result
    if child.returncode == -getattr(signal, "SIGXCPU", 24):
        return {"error": extractors.TIMEOUT}  # the CPU-time limit struck before the wall clock
    logger.warning("extraction: the child for a %s file ended with status %s: %s", kind, child.returncode,
                   errors[-2000:].decode("utf-8", "replace"))
    return {"error": extractors.UNREADABLE}


def _kill(child: subprocess.Popen) -> None:
    """Kill the child (and anything it started, in its own session) and reap it."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (OSError, AttributeError):  # already gone, or no process groups on this platform
        child.kill()
    child.communicate()
