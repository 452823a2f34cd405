"""The per-group table of a program report as CSV, for spreadsheets, followed by the tables that
apps above reports add to the report page (`EXTRA_TABLES`, e.g. program health's pulse months)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _

from peercoach.lib.spreadsheets import csv_table, safe_cell
from peercoach.programs.models import Program
from peercoach.reports.figures import ProgramReport

# (header, rows) of a table the report page shows, for a program (None: nothing to add). Apps
# above reports register them in their `ready()`; each must export exactly what the page shows,
# under the same rules.
Table = tuple[Sequence[object], list[Sequence[object]]]
EXTRA_TABLES: list[Callable[[Program], Table | None]] = []


def program_report_csv(report: ProgramReport) -> str:
    """The group table, then each extra table after an empty line, in the active language."""
    parts = [group_table_csv(report)]
    for table in EXTRA_TABLES:
        found = table(report.program)
        if found is not None:
            parts.append(csv_table(*found))
    return "\r\n".join(parts)


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
