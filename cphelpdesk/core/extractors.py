"""The parsers behind core.extraction: plain text out of PDF, Office, OpenDocument, RTF and text files.

They run in the bounded child process that core.extraction starts (`main` below reads the request on standard
input), so this module imports nothing from Django, and what one type of file needs (pypdf, zipfile, defusedxml)
only when it meets one: the child starts in a few tens of milliseconds. Every parser reads at most what the limits
allow and stops as soon as it holds max_chars characters; hostile input ends in an ExtractionError with a code,
never in more work than the limits allow. The parent's timeout and this process's resource limits are the
backstop for whatever a parser library does on its own (a PDF page that loops, an allocation that runs away).

`limits` is any object with the attributes of core.extraction.ExtractionLimits (in the child, a namespace).
"""

import codecs
import contextlib
import io
import json
import math
import posixpath
import re
import signal
import sys
import unicodedata
import warnings
import zlib
from collections.abc import Iterator
from types import SimpleNamespace

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
# Small members may compress as much as they like: only those over this size are held to max_ratio.
RATIO_FLOOR_BYTES = 1024 * 1024
# Relationship lists, the workbook and the presentation part are small; a huge one is not a real document.
SMALL_PART_BYTES = 16 * 1024 * 1024
# A password-protected OOXML file is an OLE2 container that holds an "EncryptionInfo" stream.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


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


# --- plain text ---------------------------------------------------------------------------------------------

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def decode_text(data: bytes, charset: str | None = None) -> str:
    """Bytes of a text file as a string: a byte-order mark, else UTF-8, else the declared charset, else cp1252.

    UTF-8 is tried before a declared charset because valid UTF-8 is almost never anything else, while mail
    clients often declare a Latin charset for UTF-8 text. Latin-1 decodes anything, so this never fails.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    candidates = ["utf-8"]
    sample = data[:4096]
    if len(sample) >= 4:
        # UTF-16 without a byte-order mark: mostly-Latin text has a NUL in every other byte.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > 0.4 * half and even < 0.05 * half:
            candidates.insert(0, "utf-16-le")
        elif even > 0.4 * half and odd < 0.05 * half:
            candidates.insert(0, "utf-16-be")
    if charset:
        candidates.append(charset)
    for codec in [*candidates, "cp1252"]:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeError, ValueError):
            continue
    return data.decode("latin-1")


def _text(data: bytes, limits, collector: Collector, charset: str | None = None) -> None:
    text = decode_text(data, charset)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # One line at a time: splitlines() or StringIO would hold every line, or 4 bytes a character, at once.
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        raw, start = text[start:end], end + 1
        if raw.strip():
            collector.line(raw)
        else:
            collector.paragraph_break()


# --- PDF --------------------------------------------------------------------------------------------------


def _pdf(data: bytes, limits, collector: Collector) -> int:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            raise ExtractionError(ENCRYPTED, "needs a password")
        pages = len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as exc:  # DependencyError: AES without `cryptography`
        raise ExtractionError(ENCRYPTED, repr(exc)) from exc
    except (ExtractionError, MemoryError):
        raise
    except Exception as exc:  # pypdf raises many kinds of exception on broken files
        raise ExtractionError(UNREADABLE, repr(exc)) from exc
    if pages > limits.max_pages:
        collector.truncated = True
    failed = 0
    for number in range(min(pages, limits.max_pages)):
        try:
            text = reader.pages[number].extract_text()
        except (Full, MemoryError):
            raise
        except FileNotDecryptedError as exc:
            raise ExtractionError(ENCRYPTED, repr(exc)) from exc
        except Exception:  # one broken page: keep the others
            failed += 1
            continue
        for raw in text.splitlines():
            collector.line(raw)
        collector.paragraph_break()
    if failed and failed == min(pages, limits.max_pages):
        raise ExtractionError(UNREADABLE, f"no page of {pages} could be read")
    return pages


# --- zip containers (OOXML, OpenDocument) -----------------------------------------------------------------


def zip_bomb(members: list, *, max_members: int, max_unpacked_bytes: int,
             max_ratio: int) -> str | None:
    """Why a zip with these members would unpack too far (for the log), or None: the one zip-bomb rule of the
    upload check and of text extraction."""
    if len(members) > max_members:
        return f"{len(members)} members"
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            return f"{member.filename} compressed {member.file_size} to {member.compress_size} bytes"
    declared = sum(member.file_size for member in members)
    if declared > max_unpacked_bytes:
        return f"{declared} bytes declared"
    # The same ratio for the whole archive, so that a bomb split into members under the floor is caught too.
    compressed = sum(member.compress_size for member in members)
    if declared > RATIO_FLOOR_BYTES and declared > max_ratio * max(compressed, 1):
        return f"{len(members)} members compressed {declared} to {compressed} bytes"
    return None


class Archive:
    """A zip container checked against zip bombs before anything in it is read.

    Refused: more members than max_members, declared sizes adding up past max_unpacked_bytes, a large member
    compressed more than max_ratio times, encrypted members. Reading then counts the bytes really unpacked (a
    member may lie about its size) against the same budget and the member's declared size.
    """

    def __init__(self, data: bytes, limits):
        import zipfile

        if data.startswith(OLE2_MAGIC):
            # Office saves a password-protected document as an encrypted OLE2 container, not a zip.
            if OLE2_ENCRYPTION_INFO in data:
                raise ExtractionError(ENCRYPTED, "OLE2 container with EncryptionInfo")
            raise ExtractionError(UNREADABLE, "OLE2 container, not a zip")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ExtractionError(UNREADABLE, repr(exc)) from exc
        if reason := zip_bomb(members, max_members=limits.max_members,
                              max_unpacked_bytes=limits.max_unpacked_bytes, max_ratio=limits.max_ratio):
            raise ExtractionError(EXPANDS, reason)
        for member in members:
            if member.flag_bits & 0x1:
                raise ExtractionError(ENCRYPTED, f"encrypted member {member.filename}")
        self.members = {member.filename: member for member in members}
        self.budget = limits.max_unpacked_bytes

    def __contains__(self, name: str) -> bool:
        return name in self.members

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes, 64 KiB at a time, never more than it declared nor than the budget left."""
        import zipfile

        member = self.members[name]
        unpacked = 0
        try:
            with self.zip.open(member) as stream:
                while chunk := stream.read(65536):
                    unpacked += len(chunk)
                    if unpacked > member.file_size or unpacked > self.budget:
                        raise ExtractionError(EXPANDS, f"{name} unpacks past its limit")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ExtractionError(UNREADABLE, f"{name}: {exc!r}") from exc
        self.budget -= unpacked

    def read(self, name: str) -> bytes:
        if self.members[name].file_size > SMALL_PART_BYTES:
            raise ExtractionError(EXPANDS, f"{name} is too large for its kind")
        return b"".join(self.chunks(name))

    def parse(self, name: str, target) -> None:
        """Stream one XML member into an ElementTree parser target; DTDs, entities, external references refused.

        No tree is built: the target gets start, end and data calls as the parser goes. Refusing any DTD also
        refuses billion-laughs and external-entity tricks; Office and OpenDocument XML never have one.
        """
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import DefusedXMLParser, ParseError

        parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        try:
            for chunk in self.chunks(name):
                parser.feed(chunk)
            parser.close()
        except DefusedXmlException as exc:
            raise ExtractionError(UNSAFE, f"{name}: {exc!r}") from exc
        except (ParseError, ValueError, LookupError) as exc:
            raise ExtractionError(UNREADABLE, f"{name}: {exc!r}") from exc

    def elements(self, name: str, wanted: set[str]) -> list[tuple[str, dict]]:
        """(local name, attributes) of the elements of a small member whose local name is in `wanted`."""
        if self.members[name].file_size > SMALL_PART_BYTES:
            raise ExtractionError(EXPANDS, f"{name} is too large for its kind")
        target = _Elements(wanted)
        self.parse(name, target)
        return target.found

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (type, member name), internal targets only."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self:
            return {}
        found = {}
        for _local, attrib in self.elements(rels, {"Relationship"}):
            if attrib.get("TargetMode") == "External" or "Id" not in attrib or "Target" not in attrib:
                continue
            target = attrib["Target"]
            member = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[attrib["Id"]] = (attrib.get("Type", ""), posixpath.normpath(member))
        return found


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationship_id(attrib: dict) -> str:
    """The r:id attribute (namespaced: a slide id also has a plain numeric `id`)."""
    for key, value in attrib.items():
        if key.startswith("{") and key.endswith("}id"):
            return value
    return ""


class _Elements:
    """Parser target that records the attributes of some elements (relationships, sheets, slides)."""

    def __init__(self, wanted: set[str]):
        self.wanted = wanted
        self.found: list[tuple[str, dict]] = []

    def start(self, tag, attrib):
        local = _local(tag)
        if local in self.wanted:
            self.found.append((local, dict(attrib)))

    def end(self, tag):
        pass

    def data(self, text):
        pass

    def close(self):
        pass


class _Flow:
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
        local = _local(tag)
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
        local = _local(tag)
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


# --- OOXML: Word, Excel, PowerPoint -------------------------------------------------------------------------


class _WordText(_Flow):
    TEXT = {"t"}  # w:t, and m:t (equations), a:t (text in shapes)
    PARAGRAPH = {"p"}
    INSERT = {"tab": " ", "noBreakHyphen": "-"}
    NEWLINE = {"br", "cr"}
    ROW = {"tr"}
    SKIP = {"Fallback", "del"}  # mc:Fallback repeats a text box's content; w:del is deleted text


class _SlideText(_Flow):
    TEXT = {"t"}
    PARAGRAPH = {"p"}
    NEWLINE = {"br"}
    ROW = {"tr"}
    SKIP = {"Fallback", "fld"}  # a:fld: slide numbers and dates


def _office_main_part(archive: Archive, default: str) -> str:
    for kind, member in archive.relationships("").values():
        if kind.endswith("/officeDocument") and member in archive:
            return member
    return default


def _docx(archive: Archive, limits, collector: Collector) -> None:
    main = _office_main_part(archive, "word/document.xml")
    if main not in archive:
        raise ExtractionError(UNREADABLE, "no main document part")
    archive.parse(main, _WordText(collector))
    # Headers, footers and notes after the body, in the order the document lists them.
    for kind, member in archive.relationships(main).values():
        if kind.rpartition("/")[2] in {"header", "footer", "footnotes", "endnotes"} and member in archive:
            collector.paragraph_break()
            archive.parse(member, _WordText(collector))


class _SharedStrings:
    """Parser target for xl/sharedStrings.xml: the list of strings that cells point to."""

    def __init__(self, max_chars: int):
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.room = max_chars
        self.in_text = 0
        self.skip_depth = 0
        self.complete = True

    def start(self, tag, attrib):
        local = _local(tag)
        if self.skip_depth or local == "rPh":  # rPh: phonetic reading of East Asian text, not the text
            self.skip_depth += 1
        elif local == "t":
            self.in_text += 1

    def end(self, tag):
        local = _local(tag)
        if self.skip_depth:
            self.skip_depth -= 1
        elif local == "t":
            self.in_text = max(0, self.in_text - 1)
        elif local == "si":
            text = "".join(self.parts)[:CHUNK_CHARS]
            self.parts = []
            if self.room <= 0:
                # Cells past this point could only add text past max_chars: stop keeping strings.
                self.complete = False
                raise Full
            self.room -= len(text)
            self.strings.append(text)

    def data(self, text):
        if self.in_text and not self.skip_depth:
            self.parts.append(text)

    def close(self):
        pass


class _SheetText:
    """Parser target for one worksheet: each row a line of its cells' values (formulas are left out)."""

    def __init__(self, collector: Collector, strings: list[str]):
        self.flow = _Flow(collector)
        self.flow.row_depth = 0
        self.strings = strings
        self.cell_type = ""
        self.value: list[str] = []
        self.in_value = 0
        self.skip_depth = 0

    def start(self, tag, attrib):
        local = _local(tag)
        if self.skip_depth or local == "rPh":
            self.skip_depth += 1
        elif local == "row":
            self.flow.row_depth = 1
        elif local == "c":
            self.cell_type, self.value = attrib.get("t", ""), []
        elif local in {"v", "t"}:
            self.in_value += 1

    def end(self, tag):
        local = _local(tag)
        if self.skip_depth:
            self.skip_depth -= 1
        elif local in {"v", "t"}:
            self.in_value = max(0, self.in_value - 1)
        elif local == "c":
            value = self._cell()
            if value:
                self.flow.emit(value)
        elif local == "row":
            self.flow.row_depth = 0
            self.flow.end_row()

    def data(self, text):
        if self.in_value and not self.skip_depth and sum(map(len, self.value)) < CHUNK_CHARS:
            self.value.append(text)

    def close(self):
        self.flow.row_depth = 0
        self.flow.end_row()

    def _cell(self) -> str:
        raw = "".join(self.value).strip()
        if self.cell_type == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                return ""
        if self.cell_type == "b":
            return {"1": "TRUE", "0": "FALSE"}.get(raw, raw)
        return raw


def _xlsx(archive: Archive, limits, collector: Collector) -> None:
    workbook = _office_main_part(archive, "xl/workbook.xml")
    if workbook not in archive:
        raise ExtractionError(UNREADABLE, "no workbook part")
    relationships = archive.relationships(workbook)
    strings: list[str] = []
    for kind, member in relationships.values():
        if kind.endswith("/sharedStrings") and member in archive:
            target = _SharedStrings(limits.max_chars)
            try:
                archive.parse(member, target)
            except Full:
                collector.truncated = True
            strings = target.strings
    for _local_name, attrib in archive.elements(workbook, {"sheet"}):
        kind, member = relationships.get(_relationship_id(attrib), ("", ""))
        if not kind.endswith("/worksheet") or member not in archive:
            continue  # chart sheets and dialog sheets hold no cells
        collector.paragraph_break()
        collector.line(attrib.get("name", ""))
        archive.parse(member, _SheetText(collector, strings))


def _pptx(archive: Archive, limits, collector: Collector) -> int:
    presentation = _office_main_part(archive, "ppt/presentation.xml")
    slides = []
    if presentation in archive:
        relationships = archive.relationships(presentation)
        for _local_name, attrib in archive.elements(presentation, {"sldId"}):
            kind, member = relationships.get(_relationship_id(attrib), ("", ""))
            if kind.endswith("/slide") and member in archive:
                slides.append(member)
    if not slides:
        # No usable slide list: take the slide parts in the order of their numbers.
        numbered = [(int(match[1]), name) for name in archive.members
                    if (match := re.fullmatch(r"ppt/slides/slide(\d+)\.xml", name))]
        slides = [name for _number, name in sorted(numbered)]
    if not slides and presentation not in archive:
        raise ExtractionError(UNREADABLE, "no presentation part")
    if len(slides) > limits.max_pages:
        collector.truncated = True
    for slide in slides[:limits.max_pages]:
        collector.paragraph_break()
        archive.parse(slide, _SlideText(collector))
        for kind, member in archive.relationships(slide).values():
            if kind.endswith("/notesSlide") and member in archive:
                archive.parse(member, _SlideText(collector))
    return len(slides)


# --- OpenDocument -----------------------------------------------------------------------------------------

TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW_NS = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"


class _OpenDocumentText(_Flow):
    """content.xml of a text, spreadsheet or presentation: every character inside text:p and text:h."""

    TEXT = None
    PARAGRAPH = {"p", "h"}
    INSERT = {"s": " ", "tab": " "}
    NEWLINE = {"line-break"}
    ROW = {"table-row"}
    SKIP = {"tracked-changes", "annotation"}  # earlier versions of changed text; comments, with author and date

    def __init__(self, collector: Collector, limits, sheet_names: bool):
        super().__init__(collector)
        self.limits = limits
        self.sheet_names = sheet_names
        self.pages = 0

    def started(self, tag, local, attrib):
        if tag == TABLE_NS + "table" and self.sheet_names:
            self.out.paragraph_break()
            self.out.line(attrib.get(TABLE_NS + "name", ""))
        elif tag == DRAW_NS + "page":
            self.pages += 1
            if self.pages > self.limits.max_pages:
                self.out.truncated = True
                raise Full
            self.out.paragraph_break()


def _opendocument(archive: Archive, limits, collector: Collector, kind: str) -> int | None:
    if "META-INF/manifest.xml" in archive and archive.elements("META-INF/manifest.xml", {"encryption-data"}):
        raise ExtractionError(ENCRYPTED, "manifest lists encrypted members")
    if "content.xml" not in archive:
        raise ExtractionError(UNREADABLE, "no content.xml")
    target = _OpenDocumentText(collector, limits, sheet_names=kind == "ods")
    try:
        archive.parse("content.xml", target)
    except Full:
        if kind != "odp":
            raise
        # Past the slide limit: count the remaining slides without reading their text.
        counter = _Elements({"page"})
        archive.parse("content.xml", counter)
        return len(counter.found)
    return target.pages if kind == "odp" else None


# --- RTF --------------------------------------------------------------------------------------------------

_RTF_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+",
                        re.DOTALL)
# Destinations whose content is not text of the document.
_RTF_SKIP = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"themedata", b"datastore",
             b"colorschememapping", b"latentstyles", b"listtable", b"listoverridetable", b"rsidtbl", b"generator",
             b"fldinst", b"xmlnstbl", b"filetbl", b"revtbl", b"pgdsctbl", b"nonshppict", b"listtext"}
_RTF_CHARS = {b"tab": " ", b"cell": " ", b"emdash": "\u2014", b"endash": "\u2013", b"bullet": "\u2022",
              b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c", b"rdblquote": "\u201d",
              b"emspace": " ", b"enspace": " ", b"qmspace": " "}
RTF_MAX_DEPTH = 10000  # real documents nest a few dozen groups deep
_RTF_LINES = {b"par", b"line", b"row", b"sect", b"page"}
_RTF_SYMBOLS = {b"~": " ", b"_": "-", b"\\": "\\", b"{": "{", b"}": "}", b"\n": "\n", b"\r": "\n"}


def _rtf(data: bytes, limits, collector: Collector) -> None:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ExtractionError(UNREADABLE, "no RTF header")
    codec = "cp1252"
    flow = _Flow(collector)
    raw = bytearray()  # \'hh bytes, decoded together: a multi-byte code page spans several of them
    high_surrogate = 0
    stack: list[tuple[bool, int]] = []
    skipping, uc, to_skip = False, 1, 0
    position, length = 0, len(data)

    def put(text: str) -> None:
        if raw:
            flow._add(bytes(raw).decode(codec, errors="replace"))
            raw.clear()
        if text == "\n":
            flow.flush()
        elif text:
            flow._add(text)

    while position < length:
        match = _RTF_TOKEN.match(data, position)
        if match is None:  # a lone backslash at the very end
            break
        position = match.end()
        word, argument, hexa, symbol, brace, text = match.groups()
        if brace == b"{":
            if len(stack) > RTF_MAX_DEPTH:
                raise ExtractionError(UNREADABLE, "groups nested too deep")
            stack.append((skipping, uc))
            continue
        if brace == b"}":
            skipping, uc = stack.pop() if stack else (skipping, uc)
            to_skip = 0
            continue
        if word == b"bin":
            position += max(0, int(argument or 0))  # binary data: never text
            continue
        if skipping:
            continue
        if word is not None:
            if word in _RTF_SKIP:
                skipping = True
            elif word == b"ansicpg" and argument:
                with contextlib.suppress(LookupError):  # an unknown code page: keep cp1252
                    codec = codecs.lookup(f"cp{int(argument)}").name
            elif word == b"uc" and argument:
                uc = max(0, int(argument))
            elif word == b"u" and argument:
                unit = int(argument) % 65536
                to_skip = uc
                if 0xD800 <= unit < 0xDC00:
                    high_surrogate = unit
                elif 0xDC00 <= unit < 0xE000 and high_surrogate:
                    put(chr(0x10000 + ((high_surrogate - 0xD800) << 10) + (unit - 0xDC00)))
                    high_surrogate = 0
                else:
                    put(chr(unit))
            elif word in _RTF_LINES:
                put("\n")
            elif word in _RTF_CHARS:
                put(_RTF_CHARS[word])
        elif symbol is not None:
            if symbol == b"*":
                skipping = True  # an ignorable destination: its group is skipped whole
            elif symbol in _RTF_SYMBOLS:
                put(_RTF_SYMBOLS[symbol])
        elif hexa is not None:
            if to_skip:
                to_skip -= 1
            else:
                raw.append(int(hexa, 16))
        elif text is not None:
            if to_skip:
                skipped = min(to_skip, len(text))
                text, to_skip = text[skipped:], to_skip - skipped
            if text:
                put(text.decode(codec, errors="replace"))
    put("")
    flow.close()


# --- language hint ----------------------------------------------------------------------------------------

def language_hint(text: str) -> str:
    """A guess among the helpdesk's languages from a sample of the text, or "" when unsure."""
    from cphelpdesk.core.languages import detect_language  # no Django: safe in the child process

    return detect_language(text[:20000]) or ""


# --- one file, start to end -------------------------------------------------------------------------------


def extract(data: bytes, kind: str, limits, charset: str | None = None) -> dict:
    """Text of one file's bytes, as a plain dict: text, pages, truncated, error (a code or ""), detail, language.

    Runs in the child process; tests of the parsers may call it directly (with no time or memory bound).
    """
    collector = Collector(limits.max_chars)
    pages = None
    try:
        if len(data) > limits.max_bytes:
            raise ExtractionError(TOO_LARGE, f"{len(data)} bytes")
        if kind == "pdf":
            pages = _pdf(data, limits, collector)
        elif kind in {"docx", "xlsx", "pptx", "odt", "ods", "odp"}:
            archive = Archive(data, limits)
            if kind == "docx":
                _docx(archive, limits, collector)
            elif kind == "xlsx":
                _xlsx(archive, limits, collector)
            elif kind == "pptx":
                pages = _pptx(archive, limits, collector)
            else:
                pages = _opendocument(archive, limits, collector, kind)
        elif kind == "rtf":
            _rtf(data, limits, collector)
        elif kind == "text":
            _text(data, limits, collector, charset)
        else:
            raise ExtractionError(UNSUPPORTED, str(kind))
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
    try:
        import resource
    except ImportError:  # not on this platform: the parent's wall-clock timeout still holds
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
    if kind == "pdf":
        import logging

        import pypdf  # noqa: F401 (imported before the limits, so that its .pyc files can be written)

        logging.disable(logging.CRITICAL)  # pypdf logs a line for every oddity of a broken file
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
