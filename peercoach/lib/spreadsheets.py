"""CSV downloads that open well in spreadsheet programs.

Dutch spreadsheet programs expect a semicolon between cells, a byte-order mark makes them read the
file as UTF-8, and text that starts like a formula must stay text (CSV formula injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import get_language

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_table(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """The rows as CSV, separated the way spreadsheets in the active language expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if get_language() == "nl" else ",")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_download(text: str, filename: str) -> HttpResponse:
    """`text` as a CSV attachment, with the byte-order mark spreadsheets need to read UTF-8."""
    response = HttpResponse("\ufeff" + text, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
