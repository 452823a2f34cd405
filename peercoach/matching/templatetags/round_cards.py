"""The matching page's cards, one per group of the page, written in Python with the template's
markup: two dozen cards of members, reasons and a lock button as template nodes cost more than
the queries behind them."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from peercoach.lib.links import path_around_id
from peercoach.lib.markup import html, html_join

register = template.Library()


@register.simple_tag(takes_context=True)
def round_cards(context, groups: list[dict], status: str) -> SafeString:
    """`groups` from `round_page.groups_page`; in a draft round (`status`) each card can be
    locked or unlocked."""
    draft = status == "draft"
    csrf = CsrfTokenNode().render(context)  # Django's {% csrf_token %}, once for every card
    lock_path = path_around_id("matching:lock")
    words = {
        "locked": gettext("locked"),
        "score": gettext("Score"),
        "lock": gettext("Lock"),
        "unlock": gettext("Unlock"),
    }
    return mark_safe("\n  ".join(_card(item, draft, csrf, lock_path, words) for item in groups))


def _card(item: dict, draft: bool, csrf: str, lock_path: tuple[str, str], words: dict) -> str:
    group = item["group"]
    pk = group["pk"]
    locked = group["is_locked"]
    members = html_join(
        "",
        '<li>{} <span class="muted">{}{}</span></li>',
        (
            (m["name"], m["role"], f" · {m['department']}" if m["department"] else "")
            for m in item["members"]
        ),
    )
    reasons = (
        html(
            '<ul class="muted">{}</ul>',
            html_join("", "<li>{}</li>", ((r,) for r in item["reasons"])),
        )
        if item["reasons"]
        else ""
    )
    lock = (
        html(
            '<form method="post" action="{}{}{}">{}\n'
            '        <button type="submit" class="secondary">{}</button></form>',
            lock_path[0],
            pk,
            lock_path[1],
            csrf,
            words["unlock"] if locked else words["lock"],
        )
        if draft
        else ""
    )
    return html(
        '<article class="card" aria-labelledby="group-{}">\n      <h3 id="group-{}">{}{}</h3>\n'
        '      <p class="muted">{}: {}</p>\n      <ul>{}</ul>\n      {}\n      {}\n    </article>',
        pk,
        pk,
        group["name"],
        html(' 🔒<span class="visually-hidden">{}</span>', words["locked"]) if locked else "",
        words["score"],
        floatformat(group["score"], 2),
        members,
        reasons,
        lock,
    )
