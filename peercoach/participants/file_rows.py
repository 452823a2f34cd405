"""Turning a participant file's bytes into rows: CSV or XLSX, within the reading limits."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from peercoach.participants.records import (
    BLANK_ROWS_PAST_LIMIT,
    _FileProblem,
    limit,
)


def _rows(data: bytes, filename: str) -> tuple[Iterator[list[str]], str]:
    """The file's rows as lists of strings, and the characters that separate list items."""
    if not data or not data.strip():
        raise _FileProblem("empty", _("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        _check_zip(data)
        return _xlsx_rows(data), "|,;"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _FileProblem(
            "old_excel",
            _(
                "This is an old Excel (.xls) file. Save it as an Excel workbook (.xlsx) or as "
                "CSV and upload that."
            ),
        )
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    other = "," if delimiter == ";" else ";"
    # newline="" semantics: csv handles CR, LF and CRLF itself, also inside quoted cells.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    return _guard_csv(reader, quotes_balanced=text.count('"') % 2 == 0), "|" + other


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raise _not_a_spreadsheet()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_a_spreadsheet() from None


def _guard_csv(reader: Iterator[list[str]], *, quotes_balanced: bool) -> Iterator[list[str]]:
    """The reader's rows; a quote that is never closed, or a cell past the csv module's field
    limit (mostly the same mistake), is a problem naming the row instead of a merged row."""
    row = 0
    last: list[str] = []
    try:
        for last in reader:
            row += 1
            yield last
    except csv.Error as error:
        if not quotes_balanced:
            raise _unclosed_quote(row + 1) from None
        if "field limit" in str(error):
            raise _FileProblem(
                "cell_too_long",
                _("Row %(row)d has a cell longer than %(limit)s characters.")
                % {"row": row + 1, "limit": _number(limit("IMPORT_MAX_CELL_CHARACTERS"))},
                row=row + 1,
            ) from None
        raise _not_a_spreadsheet() from None
    # Without strict parsing, a quote left open takes in the rest of the file as one cell (the
    # last row's): that row then holds a line break and the file an odd number of quotes.
    if not quotes_balanced and any("\n" in cell or "\r" in cell for cell in last):
        raise _unclosed_quote(row)


def _unclosed_quote(row: int) -> _FileProblem:
    return _FileProblem(
        "unclosed_quote",
        _(
            'Row %(row)d: a quote (") is never closed, so the rows after it would be read as '
            "one cell. Close the quote or remove it."
        )
        % {"row": row},
        row=row,
    )


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _check_zip(data: bytes) -> None:
    """Refuse an XLSX whose members would inflate past the limits, before anything is inflated.

    The sizes are the ones the zip declares; Python's zipfile never inflates a member past its
    declared size (it fails on the CRC instead), so they bound the work.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_a_spreadsheet() from None
    total = sum(member.file_size for member in members)
    ratio = max(
        (
            member.file_size / max(member.compress_size, 1)
            for member in members
            if member.file_size > 1024 * 1024
        ),
        default=0,
    )
    if total > limit("IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES") or ratio > limit(
        "IMPORT_MAX_XLSX_RATIO"
    ):
        raise _FileProblem(
            "xlsx_too_large",
            _(
                "This workbook unpacks to %(size)s, more than a participant file needs (at most "
                "%(limit)s). Save only the sheet with the participants, or save it as CSV."
            )
            % {
                "size": filesizeformat(total),
                "limit": filesizeformat(limit("IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES")),
            },
        )


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    # Imported here: openpyxl is only needed for XLSX and takes a moment to import.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign zip
        raise _not_a_spreadsheet() from None
    try:
        if not workbook.worksheets:
            raise _FileProblem("empty", _("The file is empty."))
        sheet = workbook.worksheets[0]
        # openpyxl pads every row to the dimension the sheet declares: check it first, then read
        # only the cells that are really there.
        max_rows = limit("IMPORT_MAX_ROWS") + 1
        if (sheet.max_row or 0) > max_rows + BLANK_ROWS_PAST_LIMIT:
            raise _too_many_rows()
        if (sheet.max_column or 0) > limit("IMPORT_MAX_COLUMNS"):
            raise _too_many_columns(sheet.max_column)
        sheet.reset_dimensions()
        try:
            for values in sheet.iter_rows(
                max_row=max_rows + BLANK_ROWS_PAST_LIMIT + 1, values_only=True
            ):
                yield [_cell_text(value) for value in values]
        except _FileProblem:
            raise
        except Exception:
            raise _not_a_spreadsheet() from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _too_many_rows() -> _FileProblem:
    return _FileProblem(
        "too_many_rows",
        _("The file has more than %(count)s rows; split it into smaller files.")
        % {"count": _number(limit("IMPORT_MAX_ROWS"))},
    )


def _too_many_columns(count: int) -> _FileProblem:
    return _FileProblem(
        "too_many_columns",
        _(
            "The file has %(count)s columns; a participant file has at most %(limit)s. Remove "
            "the columns that are not needed."
        )
        % {"count": _number(count), "limit": _number(limit("IMPORT_MAX_COLUMNS"))},
    )


class _BoundedRows:
    """The file's rows, stopping at the first one past the row, column or cell limits.

    `count` is how many physical rows were taken, so callers (and tests) see the work done.
    """

    def __init__(self, rows: Iterator[list[str]]) -> None:
        self._rows = rows
        self.count = 0
        self._max_rows = limit("IMPORT_MAX_ROWS") + 1
        self._max_columns = limit("IMPORT_MAX_COLUMNS")
        self._max_cell = limit("IMPORT_MAX_CELL_CHARACTERS")
        self._blank_past_limit = 0

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        cells = next(self._rows)
        self.count += 1
        blank = not any(cell.strip() for cell in cells)
        if self.count > self._max_rows:
            self._blank_past_limit += 1
            if not blank or self._blank_past_limit > BLANK_ROWS_PAST_LIMIT:
                raise _too_many_rows()
        if len(cells) > self._max_columns:
            width = max((i + 1 for i, cell in enumerate(cells) if cell.strip()), default=0)
            if width > self._max_columns:
                raise _too_many_columns(width)
            cells = cells[: self._max_columns]
        for index, cell in enumerate(cells):
            if len(cell) > self._max_cell:
                raise _FileProblem(
                    "cell_too_long",
                    _("This cell has %(length)s characters; a cell holds at most %(limit)s.")
                    % {"length": _number(len(cell)), "limit": _number(self._max_cell)},
                    row=self.count,
                    column=_column_name(index),
                )
        return cells


def _column_name(index: int) -> str:
    """The spreadsheet's name of a column: A, B, ... Z, AA, AB, ..."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _not_a_spreadsheet() -> _FileProblem:
    return _FileProblem(
        "not_spreadsheet",
        _("This file is not a spreadsheet. Upload a CSV file or an Excel workbook (.xlsx)."),
    )
