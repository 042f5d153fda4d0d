"""Office Open XML: Word (.docx), Excel (.xlsx) and PowerPoint (.pptx), streamed member by member.

The XLSX reader is our own streaming parser target rather than openpyxl's read-only mode: it reads each sheet
through `Archive` (the zip-bomb rule and the byte budget hold for every member), stops keeping shared strings once
they pass max_chars (openpyxl reads them all into memory first), and spares the child openpyxl's 100 ms import.
"""

import re

from cphelpdesk.core.extractors.archive import Archive
from cphelpdesk.core.extractors.base import CHUNK_CHARS, UNREADABLE, Collector, ExtractionError, Flow, Full, local_name


def read(data: bytes, kind: str, limits, collector: Collector, charset: str | None = None) -> int | None:
    """The text of a .docx, .xlsx or .pptx; returns the number of slides of a presentation (else None)."""
    archive = Archive(data, limits)
    if kind == "docx":
        _docx(archive, limits, collector)
        return None
    if kind == "xlsx":
        _xlsx(archive, limits, collector)
        return None
    return _pptx(archive, limits, collector)


def _relationship_id(attrib: dict) -> str:
    """The r:id attribute (namespaced: a slide id also has a plain numeric `id`)."""
    for key, value in attrib.items():
        if key.startswith("{") and key.endswith("}id"):
            return value
    return ""


class _WordText(Flow):
    TEXT = {"t"}  # w:t, and m:t (equations), a:t (text in shapes)
    PARAGRAPH = {"p"}
    INSERT = {"tab": " ", "noBreakHyphen": "-"}
    NEWLINE = {"br", "cr"}
    ROW = {"tr"}
    SKIP = {"Fallback", "del"}  # mc:Fallback repeats a text box's content; w:del is deleted text


class _SlideText(Flow):
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
        local = local_name(tag)
        if self.skip_depth or local == "rPh":  # rPh: phonetic reading of East Asian text, not the text
            self.skip_depth += 1
        elif local == "t":
            self.in_text += 1

    def end(self, tag):
        local = local_name(tag)
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
        self.flow = Flow(collector)
        self.flow.row_depth = 0
        self.strings = strings
        self.cell_type = ""
        self.value: list[str] = []
        self.in_value = 0
        self.skip_depth = 0

    def start(self, tag, attrib):
        local = local_name(tag)
        if self.skip_depth or local == "rPh":
            self.skip_depth += 1
        elif local == "row":
            self.flow.row_depth = 1
        elif local == "c":
            self.cell_type, self.value = attrib.get("t", ""), []
        elif local in {"v", "t"}:
            self.in_value += 1

    def end(self, tag):
        local = local_name(tag)
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
