"""The per-group table of a program report as CSV, for spreadsheets."""

from __future__ import annotations

import csv
import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peercoach.reports.figures import ProgramReport

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def group_table_csv(report: ProgramReport) -> str:
    """The table in the active language; Dutch spreadsheets expect a semicolon between cells."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if get_language() == "nl" else ",")
    writer.writerow(
        [
            _("Group"),
            _("Members"),
            _("Sessions held"),
            _("Sessions planned"),
            _("Sessions cancelled"),
            _("Attendance (%)"),
            _("Not met for two periods"),
            _("Action items created"),
            _("Action items done"),
            _("Action items overdue"),
        ]
    )
    for row in report.groups:
        figures = row.figures
        writer.writerow(
            [
                safe_cell(row.name),
                row.members,
                figures.held,
                figures.planned,
                figures.cancelled,
                "" if figures.attendance_rate is None else figures.attendance_rate,
                _("yes") if row.idle else _("no"),
                figures.actions_created,
                figures.actions_done,
                figures.actions_overdue,
            ]
        )
    return out.getvalue()
