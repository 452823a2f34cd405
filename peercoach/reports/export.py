"""The per-group table of a program report as CSV or XLSX, for spreadsheets: the same rows and
the same rules (held-back rows say so, text that looks like a formula stays text), followed by
the other tables of the report page (program health's pulse months and end-of-program
survey): after an empty line in the CSV, as sheets of their own in the XLSX."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _

from peercoach.health import figures as health_figures
from peercoach.lib.spreadsheets import csv_table, safe_cell
from peercoach.reports.figures import ProgramReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (header, rows) of a table the report page shows besides the groups'.
Table = tuple[Sequence[object], list[Sequence[object]]]


def extra_tables(report: ProgramReport) -> list[Table]:
    """The tables the report page shows from program health (the session pulse per month, the
    end-of-program survey),
    exactly as the page shows them, under the same rules."""
    tables = (health_figures.pulse_table, health_figures.survey_table)
    return [found for table in tables if (found := table(report.program)) is not None]


def program_report_csv(report: ProgramReport) -> str:
    """The group table, then each extra table after an empty line, in the active language."""
    parts = [group_table_csv(report)] + [csv_table(*table) for table in extra_tables(report)]
    return "\r\n".join(parts)


def group_table(report: ProgramReport) -> tuple[list[str], list[list[object]]]:
    """The header and rows, in the active language."""
    header = [
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
    rows = [
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
    ]
    return header, rows


def group_table_csv(report: ProgramReport) -> str:
    """The table in the active language."""
    header, rows = group_table(report)
    return csv_table(header, rows)


def group_table_xlsx(report: ProgramReport) -> bytes:
    """The same tables as a workbook, a sheet each; every text cell is stored as text, never as
    a formula (openpyxl would read a leading "=" as one)."""
    # Imported here: openpyxl is only needed for this download and takes a moment to import.
    from openpyxl import Workbook

    workbook = Workbook()
    tables = [(_("Groups"), group_table(report))] + [
        (_("Table %(number)d") % {"number": number}, table)
        for number, table in enumerate(extra_tables(report), start=2)
    ]
    for position, (title, (header, rows)) in enumerate(tables):
        sheet = workbook.active if position == 0 else workbook.create_sheet()
        sheet.title = title[:31]
        for values in [header, *rows]:
            sheet.append(list(values))
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
