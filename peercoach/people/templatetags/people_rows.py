"""The people list's rows, written in Python: fifty rows of seven cells rendered as template
nodes took more time than everything else on the page (the markup is the template's)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from peercoach.lib.links import path_before_id
from peercoach.lib.markup import html, html_join, number
from peercoach.organisations.models import Role

register = template.Library()


@register.simple_tag
def people_rows(page, viewer) -> SafeString:
    """One `<tr>` per person of `page` (rows of values): the name links to the edit page where
    `viewer` may edit them (an admin everyone, a lead participants), as the edit view decides."""
    edit = path_before_id("people:edit")
    roles = {role.value: str(role.label) for role in Role}
    return html_join(
        "\n",
        '<tr><td>{}<br><span class="muted">{}</span></td><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                html('<a href="{}{}/">{}</a>', edit, row["pk"], row["name"])
                if viewer.is_admin or row["role"] == "participant"
                else row["name"],
                row["email"],
                row["department"],
                row["job_title"],
                row["manager__name"] or "—",
                roles.get(row["role"], row["role"]),
                number(row["group_count"]),
            )
            for row in page
        ),
    )
