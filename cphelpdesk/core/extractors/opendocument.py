"""OpenDocument: text (.odt), spreadsheets (.ods) and presentations (.odp), from content.xml."""

from cphelpdesk.core.extractors.archive import Archive
from cphelpdesk.core.extractors.base import ENCRYPTED, UNREADABLE, Collector, Elements, ExtractionError, Flow, Full

TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW_NS = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"


class _OpenDocumentText(Flow):
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
        counter = Elements({"page"})
        archive.parse("content.xml", counter)
        return len(counter.found)
    return target.pages if kind == "odp" else None


def read(data: bytes, kind: str, limits, collector: Collector, charset: str | None = None) -> int | None:
    """The text of an OpenDocument file; returns the number of slides of a presentation (else None)."""
    return _opendocument(Archive(data, limits), limits, collector, kind)
