"""A small server-rendered progress chart: geometry for an inline SVG line chart.

The template draws it; the same points appear in a data table beside it, so the chart is
decoration for sighted users and the table carries the information for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT, PAD_X, PAD_Y = 480, 200, 44, 24


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: date
    value: Decimal


@dataclass(frozen=True)
class Chart:
    points: list[Point]
    polyline: str
    low: Decimal
    high: Decimal
    target_y: float | None
    baseline_y: float | None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD_X
    right: int = WIDTH - PAD_X // 2
    top: int = PAD_Y
    bottom: int = HEIGHT - PAD_Y


def build_chart(
    series: list[tuple[date, Decimal]], *, baseline: Decimal | None, target: Decimal | None
) -> Chart | None:
    """None when there is nothing to draw (no values recorded)."""
    if not series:
        return None
    values = [v for _, v in series] + [v for v in (baseline, target) if v is not None]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    first, last = series[0][0], series[-1][0]
    span_days = max((last - first).days, 1)
    inner_w = WIDTH - PAD_X - PAD_X // 2
    inner_h = HEIGHT - 2 * PAD_Y

    def y_of(value: Decimal) -> float:
        return round(HEIGHT - PAD_Y - float((value - low) / (high - low)) * inner_h, 1)

    points = []
    for number, (day, value) in enumerate(series):
        if len(series) == 1:
            x = PAD_X + inner_w / 2
        elif first == last:
            x = PAD_X + inner_w * number / (len(series) - 1)
        else:
            x = PAD_X + inner_w * (day - first).days / span_days
        points.append(Point(round(x, 1), y_of(value), day, value))
    return Chart(
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        low=low,
        high=high,
        target_y=y_of(target) if target is not None else None,
        baseline_y=y_of(baseline) if baseline is not None else None,
    )
