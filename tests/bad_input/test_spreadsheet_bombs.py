"""Spreadsheets crafted to make reading them expensive are refused with bounded work.

`rows_read` counts the physical rows the reader took from the file: 0 means refused before any
row was parsed.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from peercoach.participants.reader import read_participants
from tests.bad_input.spreadsheets import HEADER_ROW, inline, people_rows, workbook

pytestmark = pytest.mark.database_free


def codes(result) -> list[str]:
    return [problem.code for problem in result.problems]


def test_it_refuses_a_tiny_workbook_declaring_cells_up_to_xfd1048576_before_reading_a_row():
    data = workbook(HEADER_ROW + people_rows(3), dimension="A1:XFD1048576")
    assert len(data) < 2048
    result = read_participants(data, "people.xlsx")
    assert codes(result) in (["too_many_rows"], ["too_many_columns"])
    assert result.rows_read == 0


def test_it_refuses_a_declared_width_past_the_column_limit_before_reading_a_row():
    result = read_participants(workbook(HEADER_ROW, dimension="A1:XFD3"), "people.xlsx")
    assert codes(result) == ["too_many_columns"]
    assert result.rows_read == 0


def test_it_stops_reading_blank_rows_soon_after_the_row_limit(settings):
    settings.IMPORT_MAX_ROWS = 50
    blank = "".join(f'<row r="{row}"/>' for row in range(5, 20_000))
    data = workbook(HEADER_ROW + people_rows(3) + blank)
    result = read_participants(data, "people.xlsx")
    assert codes(result) == ["too_many_rows"]
    assert result.rows_read <= 50 + 1 + 1000 + 1


def test_it_does_not_walk_a_gap_of_a_million_missing_rows(settings):
    settings.IMPORT_MAX_ROWS = 50
    far = f'<row r="1048576">{inline("A1048576", "x@x.nl")}</row>'
    result = read_participants(workbook(HEADER_ROW + people_rows(3) + far), "people.xlsx")
    assert codes(result) == ["too_many_rows"]
    assert result.rows_read <= 50 + 1 + 1000 + 1


def test_it_still_reads_a_file_of_exactly_the_row_limit_with_blank_rows_after_it(settings):
    settings.IMPORT_MAX_ROWS = 20
    blank = "".join(f'<row r="{row}"/>' for row in range(22, 40))
    result = read_participants(workbook(HEADER_ROW + people_rows(20) + blank), "people.xlsx")
    assert result.ok, result.problems
    assert len(result.records) == 20


def test_it_refuses_a_workbook_that_unpacks_past_the_limit_before_parsing_it(settings):
    settings.IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = 1024 * 1024
    huge = "x" * (3 * 1024 * 1024)
    data = workbook(
        HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>', shared_strings=[huge]
    )
    assert len(data) < 64 * 1024
    result = read_participants(data, "people.xlsx")
    assert codes(result) == ["xlsx_too_large"]
    assert result.rows_read == 0


def test_it_refuses_a_member_that_inflates_a_thousandfold_with_the_default_limits():
    data = workbook(HEADER_ROW, shared_strings=["x" * (4 * 1024 * 1024)])
    result = read_participants(data, "people.xlsx")
    assert codes(result) == ["xlsx_too_large"]
    assert result.rows_read == 0


def test_it_refuses_a_huge_shared_string_as_a_cell_naming_its_row_and_column(settings):
    settings.IMPORT_MAX_XLSX_RATIO = 10_000  # let it through the zip check, to the cell check
    sheet = HEADER_ROW + people_rows(1) + '<row r="3"><c r="A3" t="s"><v>0</v></c></row>'
    data = workbook(sheet, shared_strings=["y" * 200_000])
    with translation.override("en"):
        result = read_participants(data, "people.xlsx")
    assert [(p.row, p.column, p.code) for p in result.problems] == [(3, "A", "cell_too_long")]
    assert "200,000" in result.problems[0].message


def test_it_refuses_a_csv_row_wider_than_the_column_limit():
    header = "email,name," + ",".join(f"extra{i}" for i in range(100_000))
    result = read_participants(f"{header}\na@x.nl,A\n".encode(), "people.csv")
    assert codes(result) == ["too_many_columns"]
    assert result.rows_read == 1


@pytest.mark.parametrize("language, words", [("en", "never closed"), ("nl", "nooit gesloten")])
def test_it_says_which_row_opens_a_quote_that_is_never_closed(language, words):
    text = 'email,name\na@x.nl,"Anna\nb@x.nl,Bram\nc@x.nl,Cees\n'
    with translation.override(language):
        result = read_participants(text.encode(), "people.csv")
    assert [(p.row, p.code) for p in result.problems] == [(2, "unclosed_quote")]
    assert words in result.problems[0].message
    assert result.problems[0].message.startswith(("Row 2", "Rij 2"))


def test_it_names_the_row_of_a_cell_past_the_csv_field_limit_instead_of_not_a_spreadsheet():
    text = "email,name\na@x.nl,Anna\nb@x.nl," + "B" * 200_000 + "\n"
    result = read_participants(text.encode(), "people.csv")
    [problem] = result.problems
    assert (problem.row, problem.code) == (3, "cell_too_long")


def test_it_names_row_and_column_of_a_cell_past_the_cell_limit():
    text = "email,name\na@x.nl,Anna\nb@x.nl," + "B" * 5_000 + "\n"
    result = read_participants(text.encode(), "people.csv")
    assert [(p.row, p.column, p.code) for p in result.problems] == [(3, "B", "cell_too_long")]
