"""Geometry for the reports' server-rendered SVG charts (no JavaScript).

`reports/_column_chart.html` and `templatetags/chart_svg.py` draw what these return;
every chart is accompanied by a table of the same figures for screen readers. Coordinates are
plain floats for the browser: templates write them with `{% localize off %}`, so a Dutch page
never gets a decimal comma inside an SVG attribute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

WIDTH = 640
LEFT, RIGHT, TOP, BOTTOM = 36.0, 8.0, 12.0, 28.0


@dataclass(frozen=True)
class Segment:
    """A rectangle: one series of one column or bar."""

    x: float
    y: float
    width: float
    height: float
    series: str
    value: float


@dataclass
class Column:
    label: str
    centre: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class ColumnChart:
    """Stacked columns, one per category (e.g. a month), series stacked bottom to top."""

    width: float
    height: float
    left: float
    bottom: float
    right: float
    top: float
    high: int
    mid_y: float
    columns: list[Column]
    series: list[tuple[str, str]]  # (key, label) in stacking order, for the legend

    @property
    def mid(self) -> float:
        return self.high / 2


def _nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … that is at least `value` (an axis maximum)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def column_chart(
    categories: list[tuple[str, dict[str, int]]],
    series: list[tuple[str, str]],
    height: float = 220.0,
) -> ColumnChart:
    """`categories`: (label, {series key: value}); `series`: (key, label), bottom first."""
    totals = [sum(values.get(key, 0) for key, _label in series) for _l, values in categories]
    high = _nice_ceiling(max(totals, default=0) or 1)
    bottom, right = height - BOTTOM, WIDTH - RIGHT
    slot = (right - LEFT) / max(len(categories), 1)
    bar = round(min(slot * 0.7, 48.0), 2)
    scale = (bottom - TOP) / high
    columns = []
    for index, (label, values) in enumerate(categories):
        centre = round(LEFT + slot * (index + 0.5), 2)
        column = Column(label, centre)
        y = bottom
        for key, _label in series:
            value = values.get(key, 0)
            if value:
                h = round(value * scale, 2)
                y = round(y - h, 2)
                column.segments.append(Segment(round(centre - bar / 2, 2), y, bar, h, key, value))
        columns.append(column)
    return ColumnChart(
        WIDTH, height, LEFT, bottom, right, TOP, high, round((bottom + TOP) / 2, 2), columns, series
    )


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: `value` None when the figure is held back (no bar drawn)."""

    label: str
    value: float | None
    y: float
    width: float
    text_x: float


@dataclass
class BarChart:
    width: float
    height: float
    label_width: float
    track_width: float
    bar_height: float
    high: float
    unit: str  # "" for counts, "%" for percentages
    bars: list[Bar]


def bar_chart(rows: list[tuple[str, float | None]], *, high: float | None = None, unit: str = ""):
    """Horizontal bars, one per (label, value); `high` is the value of a full bar (100 for
    percentages), else the largest value rounded up."""
    label_width, bar_height, gap = 200.0, 18.0, 10.0
    high = high or _nice_ceiling(max((v for _l, v in rows if v), default=0) or 1)
    room = WIDTH - label_width - 56.0
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(room * (value or 0) / high, 2)
        bars.append(
            Bar(
                label,
                value,
                round(TOP + index * (bar_height + gap), 2),
                width,
                round(label_width + width + 6, 2),
            )
        )
    height = TOP + len(rows) * (bar_height + gap) + 4
    return BarChart(WIDTH, round(height, 2), label_width, room, bar_height, high, unit, bars)


@dataclass
class ReportCharts:
    """The program report's pictures; a chart is None when its figures are held back."""

    months: ColumnChart | None
    attendance: BarChart | None
    goals: BarChart | None


def _share(present: int, recorded: int) -> float | None:
    return round(100 * present / recorded, 1) if recorded else None


def report_charts(report, rows: Sequence | None = None) -> ReportCharts:
    """Charts of a `figures.ProgramReport`, from the figures it may show and nothing else;
    the attendance chart has a bar per group of `rows` (the page's rows; default all)."""
    months = None
    if report.months:
        months = column_chart(
            [
                (
                    date_format(m.month, "M Y"),
                    {"held": m.held, "planned": m.planned, "cancelled": m.cancelled},
                )
                for m in report.months
            ],
            [("held", _("Held")), ("planned", _("Planned")), ("cancelled", _("Cancelled"))],
        )
    attendance = None
    if report.totals is not None and report.totals.attendance_recorded:
        rows = [
            (row.name, _share(row.figures.attendance_present, row.figures.attendance_recorded))
            for row in (report.groups if rows is None else rows)
            if row.shown and row.figures.attendance_recorded
        ]
        total = _share(report.totals.attendance_present, report.totals.attendance_recorded)
        attendance = bar_chart([(_("All groups"), total), *rows], high=100, unit="%")
    goals = bar_chart(report.goals_by_status) if report.goals_by_status else None
    return ReportCharts(months, attendance, goals)
