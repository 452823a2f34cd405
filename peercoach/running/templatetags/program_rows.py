"""The program page's table of groups, written in Python (the markup is the template's): fifty
rows of links, names and counts as template nodes cost more than the queries behind them."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from peercoach.lib.links import path_before_id
from peercoach.lib.markup import html_join, number

register = template.Library()


@register.simple_tag
def program_group_rows(groups: list[dict]) -> SafeString:
    """One `<tr>` per row of `running.overview.group_rows`."""
    group_url = path_before_id("coaching:group_detail")
    return html_join(
        "\n    ",
        '<tr><td><a href="{}{}/">{}</a></td>\n      <td>{}</td>\n      <td>{}</td><td>{}</td></tr>',
        (
            (
                group_url,
                row["pk"],
                row["name"],
                ", ".join(row["members"]),
                number(row["held"]),
                number(row["planned"]),
            )
            for row in groups
        ),
    )
