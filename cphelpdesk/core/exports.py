"""CSV and XLSX downloads that spreadsheets open safely: a text cell that starts like a formula is inert."""

import io
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import translation

# OWASP "CSV injection": these starts make Excel, LibreOffice or Sheets read a cell as a formula (tab and
# carriage return because some spreadsheets skip them before looking at the rest).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet may split a CSV line on `,`, `;` (the French and Spanish default) or a tab, so a value holding
# one is quoted, and a formula start after one (spaces between included) is made inert as at the start of a
# cell (a separator at the very start is already covered by the apostrophe before it).
FORMULA_AFTER_SEPARATOR = re.compile(r"(?!^)([,;\t][ \t\r\n]*)(?=[=+\-@])")
NEEDS_QUOTES = re.compile(r'[,;\t"\r\n]')
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The formats every export offers.
FORMATS = ("csv", "xlsx")
# What Excel holds in one cell, and the characters the XLSX format cannot carry at all.
XLSX_CELL_LIMIT = 32767
XLSX_TRUNCATED = " […]"
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHEET_TITLE_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
Number = int | float | Decimal


class Sheet(NamedTuple):
    """One table of an export: a sheet of an XLSX workbook, or the whole of a CSV file."""

    title: str
    header: list
    rows: Iterable[Iterable]


class Formatted(str):
    """A figure as pages and CSV show it ("94%", "12.5 h") that carries its number: XLSX stores the number,
    with an Excel number format that shows it the same way, so a spreadsheet can compute with it."""

    def __new__(cls, text: str, number: Number, number_format: str = "General"):
        formatted = super().__new__(cls, text)
        formatted.number, formatted.number_format = number, number_format
        return formatted

    def __reduce__(self):
        # Pickled (the cache) and copied whole, number and format included.
        return Formatted, (str(self), self.number, self.number_format)


def _plain(value):
    """The value as both formats store it: numbers, booleans and dates as themselves (aware datetimes in UTC,
    without their zone, which XLSX cannot hold), everything else (lazy translations included) as safe text."""
    if value is None:
        return ""
    if isinstance(value, bool | Number):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return value
    # Control characters go first: stripped after the check, "\x01=HYPERLINK(...)" would become a formula.
    text = FORMULA_AFTER_SEPARATOR.sub(r"\1'", XLSX_ILLEGAL.sub("", str(value)))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value) -> str:
    """The value as CSV text; text that a spreadsheet would run as a formula, at its start or after a
    separator, gets an apostrophe there (OWASP), the same text the XLSX export stores. Numbers stay numbers
    (-3 is not a formula); datetimes are written in UTC, `2026-03-01 09:30:00`."""
    value = _plain(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_field(text: str) -> str:
    """One CSV field: quoted (quotes doubled) when it holds a separator, a quote or a line break, so that it
    stays one cell whichever separator the spreadsheet splits on."""
    return '"' + text.replace('"', '""') + '"' if NEEDS_QUOTES.search(text) else text


def _csv_line(cells: Iterable) -> str:
    return ",".join(_csv_field(safe_cell(cell)) for cell in cells) + "\r\n"


def csv_lines(header: list, rows: Iterable[Iterable]) -> Iterator[str]:
    """A CSV document of safe cells, one line at a time, starting with a BOM so that spreadsheets read UTF-8;
    it never holds more than one row, so it can stream any number of them."""
    yield "\ufeff" + _csv_line(header)
    for row in rows:
        yield _csv_line(row)


def csv_text(header: list, rows: Iterable[Iterable]) -> str:
    """A whole CSV document (`csv_lines`) as one string, for small tables."""
    return "".join(csv_lines(header, rows))


def _sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = " ".join(SHEET_TITLE_ILLEGAL.sub(" ", str(title)).split()).strip("'")[:31].strip() or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _xlsx_cell(sheet, value, cell_class):
    """A row's value as written: `cell_class` is openpyxl's WriteOnlyCell, which `xlsx_bytes` imports (late)."""
    if value is None:
        return None  # an empty cell, not an empty string
    if isinstance(value, Formatted):
        cell = cell_class(sheet, value=value.number)
        cell.number_format = value.number_format
        return cell
    value = _plain(value)
    if isinstance(value, str):
        if len(value) > XLSX_CELL_LIMIT:
            value = value[:XLSX_CELL_LIMIT - len(XLSX_TRUNCATED)] + XLSX_TRUNCATED
        return value
    if isinstance(value, date):
        cell = cell_class(sheet, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell
    return value


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """An XLSX workbook, one sheet per `Sheet`: a bold, frozen header row, then the rows, with the same
    formula safety as CSV (text cells are stored as text, never as formulas), numbers as numbers and dates as
    dates (in UTC). Written in openpyxl's write-only mode, so rows are not kept in memory as cells."""
    # openpyxl (11 MB, 190 modules) loads for an XLSX only: the task worker reads the URL configuration, and with
    # it every view that imports this module, to build links in mail; it writes no spreadsheet (issue #17). The
    # web server loads it before forking its workers (cphelpdesk/wsgi.py).
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(_sheet_title(title, taken))
        sheet.freeze_panes = "A2"
        for column, label in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = max(10, min(50, len(str(label)) + 4))
        header_cells = [WriteOnlyCell(sheet, value=_xlsx_cell(sheet, str(label), WriteOnlyCell))
                        for label in header]
        for cell in header_cells:
            cell.font = bold
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value, WriteOnlyCell) for value in row])
    if not taken:
        workbook.create_sheet("Sheet")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def as_attachment(response, filename: str):
    """`response` as a download named `filename`, kept by no cache."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Exports hold service data: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


def _in_language(language: str | None, lines: Iterator[str]) -> Iterator[str]:
    """The lines, worded in the request's language even though a streamed response is written after the view
    has returned (lazy labels are only translated then)."""
    with translation.override(language):
        yield from lines


def csv_response(filename: str, header: list, rows: Iterable[Iterable], *, stream: bool = False):
    """A CSV download; `stream=True` sends it row by row (StreamingHttpResponse) for large exports."""
    if stream:
        lines = _in_language(translation.get_language(), csv_lines(header, rows))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    return as_attachment(response, filename)


def xlsx_response(filename: str, sheets: Iterable[Sheet]) -> HttpResponse:
    """An XLSX download of `xlsx_bytes(sheets)`."""
    return as_attachment(HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE), filename)
