"""Every page is one product: it extends base.html (header, navigation, footer, the design system's
stylesheet), and no template styles itself inline (the Content Security Policy would refuse it,
and a one-off style is how pages drift apart)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.database_free

ROOT = Path(__file__).resolve().parents[2] / "peercoach"
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html"))
EXTENDS = re.compile(r"""\{%\s*extends\s+["']([^"']+)["']\s*%\}""")
# Emails are read in mail clients, which ignore stylesheets: their styles are inline on purpose.
EMAIL = "/email/"
# Pieces included into pages (partials, components, form widgets), not pages themselves.
PIECE = re.compile(r"/_[^/]*\.html$|/components/|/lib/templates/(django/)?forms/")
# Documents that are not pages of the site: base.html itself, and the personal data export, a
# self-contained file people download and open offline.
STANDALONE = {"templates/base.html", "privacy/templates/privacy/export.html"}


def name_of(path: Path) -> str:
    """The template's name as Django looks it up ("growth/goal_list.html")."""
    return str(path).split("/templates/", 1)[1]


BY_NAME = {name_of(path): path for path in TEMPLATES}


def pages() -> list[Path]:
    return [
        path
        for path in TEMPLATES
        if EMAIL not in str(path)
        and not PIECE.search(str(path))
        and str(path.relative_to(ROOT)) not in STANDALONE
    ]


def extends_base(path: Path) -> bool:
    seen = set()
    while path is not None and path not in seen:
        seen.add(path)
        match = EXTENDS.search(path.read_text())
        if match is None:
            return False
        if match.group(1) == "base.html":
            return True
        path = BY_NAME.get(match.group(1))
    return False


def test_it_finds_the_pages_it_checks():
    assert len(pages()) > 80
    assert not extends_base(ROOT / "privacy/templates/privacy/export.html")


@pytest.mark.parametrize("path", pages(), ids=lambda path: name_of(path))
def test_every_page_extends_base(path):
    assert extends_base(path), f"{name_of(path)} does not extend base.html"


def test_no_template_styles_itself_inline():
    inline = [
        name_of(path)
        for path in TEMPLATES
        if EMAIL not in str(path) and re.search(r"\bstyle\s*=", path.read_text())
    ]
    assert inline == []
