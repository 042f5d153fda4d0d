"""What every parser shares: the error codes, the kinds of file, the bounded collector of normalised text, and
the parser targets that turn XML (or RTF) into lines. Standard library only: the child process imports this
module whatever the file."""

import posixpath
import re
import unicodedata

# Error codes: core.extraction turns them into translated sentences.
UNSUPPORTED = "unsupported"
TOO_LARGE = "too_large"
ENCRYPTED = "encrypted"
UNREADABLE = "unreadable"
EXPANDS = "expands"
UNSAFE = "unsafe"
TIMEOUT = "timeout"
MEMORY = "memory"
UNAVAILABLE = "unavailable"

KINDS_BY_EXTENSION = {
    ".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".pptx": "pptx", ".odt": "odt", ".ods": "ods", ".odp": "odp",
    ".rtf": "rtf", ".txt": "text", ".csv": "text", ".tsv": "text", ".ics": "text",
}
KINDS_BY_CONTENT_TYPE = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/rtf": "rtf", "text/rtf": "rtf",
    "text/plain": "text", "text/csv": "text", "text/tab-separated-values": "text", "text/calendar": "text",
}

# A paragraph longer than this is passed on in pieces, so that one endless paragraph cannot hold the memory.
CHUNK_CHARS = 64 * 1024


class ExtractionError(Exception):
    """Why a file gave no text: `code` is one of the codes above, `detail` is for the log only."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


class Full(Exception):
    """Not an error: raised by Collector once it holds max_chars characters, so that the parsers stop there."""


def detect_kind(name: str, content_type: str | None) -> tuple[str | None, str | None]:
    """The kind of parser for a file (None when there is none) and the charset its content type declares.

    The content type wins when it is one we know: in this project it comes from the upload allow-list, which
    has already checked the file's own bytes. The parsers check the bytes again in any case.
    """
    mime, _, parameters = (content_type or "").partition(";")
    charset = None
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"').strip("'")[:40]
    kind = KINDS_BY_CONTENT_TYPE.get(mime.strip().lower())
    if kind is None:
        kind = KINDS_BY_EXTENSION.get(posixpath.splitext((name or "").lower())[1])
    return kind, charset


# --- normalised text, bounded -----------------------------------------------------------------------------

# Control characters become spaces (PostgreSQL refuses NUL in text); soft hyphens and stray byte-order marks go.
_CONTROLS = {**dict.fromkeys([*range(0, 32), *range(127, 160)], " "), 0xAD: None, 0xFEFF: None}
_SURROGATES = re.compile("[\ud800-\udfff]")


class Collector:
    """Lines of normalised text, at most max_chars characters in all, lines joined by newlines.

    Each line has its whitespace collapsed to single spaces and is in Unicode NFC; empty lines are dropped,
    and `paragraph_break` asks for one blank line between blocks (pages, slides, sheets). Once the text would
    pass max_chars, the line that does not fit is cut, `truncated` is set and Full is raised.
    """

    def __init__(self, max_chars: int):
        self.max_chars = max(0, int(max_chars))
        self.lines: list[str] = []
        self.size = 0
        self.truncated = False
        self._break = False

    def line(self, raw: str) -> None:
        text = " ".join(unicodedata.normalize("NFC", raw.translate(_CONTROLS)).split())
        if not text:
            return
        text = _SURROGATES.sub("\ufffd", text)
        if self._break and self.lines:
            self._append("")
        self._break = False
        self._append(text)

    def paragraph_break(self) -> None:
        # Only remembered: a blank line is written before the next real line, never at the end.
        self._break = True

    def _append(self, text: str) -> None:
        separator = 1 if self.lines else 0
        room = self.max_chars - self.size - separator
        if len(text) > room:
            kept = text[:room].rstrip() if room > 0 else ""
            if kept:
                self.lines.append(kept)
                self.size += separator + len(kept)
            self.truncated = True
            raise Full
        self.lines.append(text)
        self.size += separator + len(text)

    def text(self) -> str:
        return "\n".join(self.lines).strip("\n")


# --- parser targets: XML elements (or RTF groups) into lines ---------------------------------------------


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


class Elements:
    """Parser target that records the attributes of some elements (relationships, sheets, slides)."""

    def __init__(self, wanted: set[str]):
        self.wanted = wanted
        self.found: list[tuple[str, dict]] = []

    def start(self, tag, attrib):
        local = local_name(tag)
        if local in self.wanted:
            self.found.append((local, dict(attrib)))

    def end(self, tag):
        pass

    def data(self, text):
        pass

    def close(self):
        pass


class Flow:
    """Parser target turning a document part into lines, by the local names of its elements.

    Character data inside a TEXT element (or anywhere inside a paragraph when TEXT is None, as in OpenDocument)
    belongs to the current paragraph, which ends at the end of a PARAGRAPH element or at a NEWLINE element; an
    INSERT element stands for its string (a tab, a non-breaking hyphen). Inside a table ROW the paragraphs of its
    cells make up one line. SKIP elements are ignored with everything in them (deleted text, comments, fallback
    copies of the same content, fields such as slide numbers).
    """

    TEXT: set[str] | None = {"t"}
    PARAGRAPH = {"p"}
    INSERT: dict[str, str] = {}
    NEWLINE: set[str] = set()
    ROW: set[str] = set()
    SKIP: set[str] = set()

    def __init__(self, collector: Collector):
        self.out = collector
        self.parts: list[str] = []
        self.pending = 0
        self.cells: list[str] = []
        self.row_chars = 0
        self.text_depth = 0
        self.paragraph_depth = 0
        self.row_depth = 0
        self.skip_depth = 0

    def start(self, tag, attrib):
        if self.skip_depth:
            self.skip_depth += 1
            return
        local = local_name(tag)
        if local in self.SKIP:
            self.skip_depth = 1
            return
        if local in self.PARAGRAPH:
            self.flush()  # a paragraph nested in another (a frame's caption) starts a line of its own
            self.paragraph_depth += 1
        elif self.TEXT is not None and local in self.TEXT:
            self.text_depth += 1
        elif local in self.INSERT:
            self._add(self.INSERT[local])
        elif local in self.NEWLINE:
            self.flush()
        elif local in self.ROW:
            self.flush()
            self.end_row()
            self.row_depth += 1
        self.started(tag, local, attrib)

    def end(self, tag):
        if self.skip_depth:
            self.skip_depth -= 1
            return
        local = local_name(tag)
        if local in self.PARAGRAPH:
            self.flush()
            self.paragraph_depth = max(0, self.paragraph_depth - 1)
        elif self.TEXT is not None and local in self.TEXT:
            self.text_depth = max(0, self.text_depth - 1)
        elif local in self.ROW:
            self.flush()
            self.row_depth = max(0, self.row_depth - 1)
            self.end_row()
        self.ended(tag, local)

    def data(self, text):
        if self.skip_depth:
            return
        if (self.text_depth if self.TEXT is not None else self.paragraph_depth):
            self._add(text)

    def close(self):
        self.flush()
        self.end_row()

    def started(self, tag, local, attrib):
        """Hook for subclasses: called for every element that is not skipped."""

    def ended(self, tag, local):
        """Hook for subclasses."""

    def _add(self, text: str) -> None:
        self.parts.append(text)
        self.pending += len(text)
        if self.pending > CHUNK_CHARS:
            # An endless paragraph: pass on what comes before its last space, keep the rest.
            joined = "".join(self.parts)
            cut = max(joined.rfind(" ", 0, CHUNK_CHARS), 0) or CHUNK_CHARS
            self.parts, self.pending = [joined[cut:]], len(joined) - cut
            self.emit(joined[:cut])

    def flush(self) -> None:
        if self.parts:
            text = "".join(self.parts)
            self.parts, self.pending = [], 0
            self.emit(text)

    def emit(self, text: str) -> None:
        if self.row_depth:
            self.cells.append(text)
            self.row_chars += len(text)
            if self.row_chars > CHUNK_CHARS:
                self.end_row()
        else:
            self.out.line(text)

    def end_row(self) -> None:
        if self.cells:
            line = " ".join(self.cells)
            self.cells, self.row_chars = [], 0
            self.out.line(line)
