"""The lead's aggregate table as CSV: means and counts per statement, never a person's answer."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from peercoach.lib.spreadsheets import csv_table, safe_cell

from .results import Figure, ProgramFigures


def _mean(figure: Figure) -> str:
    if figure.mean is None:
        return _("too few answers")
    return number_format(figure.mean, decimal_pos=1)


def figures_csv(figures: ProgramFigures) -> str:
    """The table in the active language."""
    return csv_table(
        [
            _("Statement"),
            _("Mean at start"),
            _("Answers at start"),
            _("Mean at end"),
            _("Answers at end"),
            _("Change (people who answered both)"),
            _("People who answered both"),
        ],
        (
            [
                safe_cell(row.statement.text),
                _mean(row.start),
                row.start.n,
                _mean(row.end),
                row.end.n,
                _mean(row.change),  # a number we computed, never text someone wrote
                row.change.n,
            ]
            for row in figures.statements
        ),
    )
