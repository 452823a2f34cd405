"""The report's bar charts as SVG, written in Python: the attendance chart has a bar per group
of a page of fifty, and fifty bars of four elements each as template nodes took longer than
counting the whole report. Coordinates are written as plain numbers (never a decimal
comma inside an attribute); the values people read are in their language."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext

from peercoach.lib.markup import html, html_join

register = template.Library()


@register.simple_tag
def bar_chart(chart, id: str, title: str, desc: str) -> SafeString:
    """`chart`: a `reports.charts.BarChart`; `id`: unique on the page."""
    held_back = gettext("held back")
    bars = html_join("\n  ", "{}", ((_bar(chart, bar, held_back),) for bar in chart.bars))
    return html(
        '<figure class="report-chart">\n<svg class="chart" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc">\n'
        '  <title id="{}-title">{}</title>\n  <desc id="{}-desc">{}</desc>\n  {}\n</svg>\n'
        "</figure>",
        chart.width,
        chart.height,
        chart.width,
        chart.height,
        id,
        id,
        id,
        title,
        id,
        desc,
        bars,
    )


def _bar(chart, bar, held_back: str) -> SafeString:
    if bar.value is None:
        value, filled = held_back, ""
    else:
        value = f"{floatformat(bar.value, '-1')} %" if chart.unit == "%" else localize(bar.value)
        filled = html(
            '<rect class="series-held" x="{}" y="{}" width="{}" height="{}"/>',
            chart.label_width,
            bar.y,
            bar.width,
            chart.bar_height,
        )
    return html(
        '<g>\n  <text x="{}" dx="-8" y="{}" dy="13" text-anchor="end" font-size="12">{}</text>\n'
        '  <rect class="series-track" x="{}" y="{}" width="{}" height="{}"/>\n  {}\n'
        '  <text x="{}" y="{}" dy="13" font-size="12">{}</text></g>',
        chart.label_width,
        bar.y,
        Truncator(bar.label).chars(30),
        chart.label_width,
        bar.y,
        chart.track_width,
        chart.bar_height,
        filled,
        bar.text_x,
        bar.y,
        value,
    )


@register.simple_tag
def share_rows(chart) -> SafeString:
    """The attendance chart's figures as table rows (its table for screen readers)."""
    return html_join(
        "",
        '<tr><th scope="row">{}</th><td>{} %</td></tr>',
        ((bar.label, floatformat(bar.value, "-1")) for bar in chart.bars),
    )
