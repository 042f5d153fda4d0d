"""The bounded child process that core.extraction starts for each file: `main` reads the request on standard
input, sets its own resource limits, and `extract` runs the parser of the file's kind.

A child imports only the parser its file needs (`PARSERS`, imported by name when the file comes): pypdf alone
takes 70 ms to import, zipfile and defusedxml 20 ms, against a child that otherwise starts in a few tens of ms.
"""

import importlib
import json
import math
import signal
import sys
import warnings
from types import SimpleNamespace

from cphelpdesk.core.extractors.base import (
    MEMORY,
    TOO_LARGE,
    UNREADABLE,
    UNSUPPORTED,
    Collector,
    ExtractionError,
    Full,
)
from cphelpdesk.core.languages import detect_language  # no Django: safe in the child process

try:
    import resource
except ImportError:  # Windows: `confine` sets no limits there
    resource = None

# kind -> module of this package that reads it: read(data, kind, limits, collector, charset) -> pages or None.
PARSERS = {"pdf": "pdf", "docx": "ooxml", "xlsx": "ooxml", "pptx": "ooxml", "odt": "opendocument",
           "ods": "opendocument", "odp": "opendocument", "rtf": "rtf", "text": "text"}


def parser(kind: str):
    """The module that reads `kind`, imported now (None for a kind nothing reads)."""
    name = PARSERS.get(kind)
    return importlib.import_module(f"{__package__}.{name}") if name else None


def language_hint(text: str) -> str:
    """A guess among the helpdesk's languages from a sample of the text, or "" when unsure."""
    return detect_language(text[:20000]) or ""


def extract(data: bytes, kind: str, limits, charset: str | None = None) -> dict:
    """Text of one file's bytes, as a plain dict: text, pages, truncated, error (a code or ""), detail, language.

    Runs in the child process; tests of the parsers may call it directly (with no time or memory bound).
    """
    collector = Collector(limits.max_chars)
    pages = None
    try:
        if len(data) > limits.max_bytes:
            raise ExtractionError(TOO_LARGE, f"{len(data)} bytes")
        module = parser(kind)
        if module is None:
            raise ExtractionError(UNSUPPORTED, str(kind))
        pages = module.read(data, kind, limits, collector, charset)
    except Full:
        pass
    except ExtractionError as exc:
        return {"text": "", "pages": None, "truncated": False, "error": exc.code, "detail": exc.detail,
                "language": ""}
    except RecursionError as exc:
        return {"text": "", "pages": None, "truncated": False, "error": UNREADABLE, "detail": repr(exc),
                "language": ""}
    text = collector.text()
    return {"text": text, "pages": pages, "truncated": collector.truncated, "error": "", "detail": "",
            "language": language_hint(text)}


def confine(limits) -> None:
    """Resource limits for this process where the platform has them: memory, CPU time, no files written."""
    if resource is None:  # not on this platform: the parent's wall-clock timeout still holds
        return
    cpu = math.ceil(limits.timeout_seconds) + 1
    wanted = [(getattr(resource, "RLIMIT_AS", None), limits.max_memory_bytes, limits.max_memory_bytes),
              (resource.RLIMIT_CPU, cpu, cpu + 1), (resource.RLIMIT_CORE, 0, 0), (resource.RLIMIT_FSIZE, 0, 0)]
    if hasattr(signal, "SIGXFSZ"):
        # A write past RLIMIT_FSIZE then fails with an error instead of killing us (a .pyc cache write, say).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    for which, soft, hard in wanted:
        if which is None:
            continue
        try:
            _current_soft, current_hard = resource.getrlimit(which)
            if current_hard != resource.RLIM_INFINITY:
                soft, hard = min(soft, current_hard), min(hard, current_hard)
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):  # e.g. macOS does not enforce RLIMIT_AS
            continue


def main() -> None:
    """The child process: a JSON request line then the file's bytes on standard input, a JSON result out."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    request = json.loads(stdin.readline(1024 * 1024))
    limits = SimpleNamespace(**request["limits"])
    kind = request["kind"]
    warnings.simplefilter("ignore")
    module = parser(kind)  # imported before the limits, so that its .pyc files can be written
    if kind == "pdf":
        module.quiet()
    confine(limits)
    try:
        if request.get("path"):
            with open(request["path"], "rb") as file:
                data = file.read(limits.max_bytes + 1)
        else:
            data = stdin.read(limits.max_bytes + 1)
        result = extract(data, kind, limits, request.get("charset"))
    except MemoryError:
        data = None
        result = {"text": "", "pages": None, "truncated": False, "error": MEMORY, "detail": "", "language": ""}
    except OSError as exc:
        result = {"text": "", "pages": None, "truncated": False, "error": UNREADABLE, "detail": repr(exc),
                  "language": ""}
    stdout.write(json.dumps(result, ensure_ascii=False).encode("utf-8"))
    stdout.flush()


if __name__ == "__main__":
    main()
