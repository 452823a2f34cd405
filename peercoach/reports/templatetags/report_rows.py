"""The program report's table rows, written in Python: fifty rows of ten cells rendered as
template nodes cost more than the rest of the report (the markup is the template's)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from peercoach.lib.links import path_before_id
from peercoach.lib.markup import html, html_join, number
from peercoach.lib.templatetags.ui import badge

register = template.Library()


@register.simple_tag
def report_rows(page, openable) -> SafeString:
    """One `<tr>` per group row of `page`; its name links to the group where the viewer may
    open it (`openable`: their ids), and a held-back row says so instead of its figures."""
    group_url = path_before_id("coaching:group_detail")
    held_back = gettext("Held back: this row would describe too few people.")
    idle, not_idle = badge(gettext("yes"), "warning"), gettext("no")
    return html_join(
        "\n", "{}", ((_row(row, openable, group_url, held_back, idle, not_idle),) for row in page)
    )


def _row(row, openable, group_url, held_back, idle, not_idle) -> SafeString:
    name = (
        html('<a href="{}{}/">{}</a>', group_url, row.pk, row.name)
        if row.pk in openable
        else row.name
    )
    head = html('<tr><th scope="row">{}</th><td>{}</td>', name, number(row.members))
    if not row.shown:
        return html('{}\n      <td colspan="8" class="held-back">{}</td></tr>', head, held_back)
    figures = row.figures
    rate = figures.attendance_rate
    return html(
        "{}\n      <td>{}</td><td>{}</td><td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n"
        "      <td>{}</td><td>{}</td><td>{}</td></tr>",
        head,
        number(figures.held),
        number(figures.planned),
        number(figures.cancelled),
        "—" if rate is None else f"{rate} %",
        idle if row.idle else not_idle,
        number(figures.actions_created),
        number(figures.actions_done),
        number(figures.actions_overdue),
    )
