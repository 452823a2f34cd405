"""The per-group table of a program report as CSV, for spreadsheets."""

from __future__ import annotations

from django.utils.translation import gettext as _

from peercoach.lib.spreadsheets import csv_table, safe_cell
from peercoach.reports.figures import ProgramReport


def group_table_csv(report: ProgramReport) -> str:
    """The table in the active language."""
    return csv_table(
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
        ],
        (
            [safe_cell(row.name), row.members, _("held back"), "", "", "", "", "", "", ""]
            if row.figures is None
            else [
                safe_cell(row.name),
                row.members,
                row.figures.held,
                row.figures.planned,
                row.figures.cancelled,
                "" if row.figures.attendance_rate is None else row.figures.attendance_rate,
                _("yes") if row.idle else _("no"),
                row.figures.actions_created,
                row.figures.actions_done,
                row.figures.actions_overdue,
            ]
            for row in report.groups
        ),
    )
