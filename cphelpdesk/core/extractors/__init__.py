"""The parsers behind core.extraction: plain text out of PDF, Office, OpenDocument, RTF and text files.

They run in the bounded child process that core.extraction starts (`child.main` reads the request on standard
input), so nothing here imports Django, and a child imports only the parser its file needs (`child.PARSERS`):
it starts in a few tens of milliseconds, and a process that never extracts never imports pypdf. Every parser
reads at most what the limits allow and stops as soon as it holds max_chars characters; hostile input ends in an
ExtractionError with a code, never in more work than the limits allow. The parent's timeout and the child's
resource limits are the backstop for whatever a parser library does on its own (a PDF page that loops, an
allocation that runs away).

One module per format family: `text`, `pdf`, `archive` (zip containers and the zip-bomb rule), `ooxml`,
`opendocument`, `rtf`; `base` holds what they share and `child` the process. `limits` is any object with the
attributes of core.extraction.ExtractionLimits (in the child, a namespace).
"""

from cphelpdesk.core.extractors.base import (
    ENCRYPTED,
    EXPANDS,
    MEMORY,
    TIMEOUT,
    TOO_LARGE,
    UNAVAILABLE,
    UNREADABLE,
    UNSAFE,
    UNSUPPORTED,
    ExtractionError,
    detect_kind,
)
from cphelpdesk.core.extractors.child import confine, extract, main

__all__ = [
    "ENCRYPTED",
    "EXPANDS",
    "MEMORY",
    "TIMEOUT",
    "TOO_LARGE",
    "UNAVAILABLE",
    "UNREADABLE",
    "UNSAFE",
    "UNSUPPORTED",
    "ExtractionError",
    "confine",
    "detect_kind",
    "extract",
    "main",
]
