"""`make screenshots`: the whole product in a minute, as PNGs of the key pages of every demo role.

Builds a fresh demo database in var/, serves it, and in Debian's Chromium (Playwright) signs in as
each demo login, in Dutch and in English, at 390×844 (a phone) and 1280×800 (a laptop). The pages:
the role's home, every page of its navigation, its profile, and the first session, goal, program,
group and report it can open from those. Files go to var/screenshots/ as
`<role>-<language>-<width>-<page>.png`; a JSON line with the count is printed at the end.

    .venv/bin/python bench/screenshots.py [--port 8451] [--out var/screenshots]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from pathlib import Path

from demo_server import ROOT, serve, sign_in

ROLES = {
    "admin": "beheer@groenhuis.example",
    "lead": "lotte.de.vries@groenhuis.example",
    "participant": "sanne.jansen@groenhuis.example",
    "fellow": "daan.bakker@groenhuis.example",
    "english": "james.carter@groenhuis.example",
    "manager": "mark.visser@groenhuis.example",
}
WIDTHS = {390: 844, 1280: 800}
# The first link of each kind found on the navigation's pages is shot too.
DETAILS = {
    "session": re.compile(r"^/sessions/\d+/$"),
    "goal": re.compile(r"^/growth/goals/\d+/$"),
    "program": re.compile(r"^/programs/\d+/$"),
    "group": re.compile(r"^/programs/groups/\d+/$"),
    "report": re.compile(r"^/reports/programs/\d+/$"),
    "learning-path": re.compile(r"^/paths/\d+/mine/$"),
}


def pages_of(page, base: str) -> dict[str, str]:
    """The role's pages by name: home, navigation, profile, then the first detail of each kind."""
    page.goto(base + "/")
    found = {"home": base + "/"}
    for link in page.eval_on_selector_all(
        ".main-menu .nav-link", "links => links.map(a => [a.href, a.textContent.trim()])"
    ):
        found.setdefault(slug(link[0], base), link[0])
    found["profile"] = base + "/me/"
    for url in list(found.values()):
        page.goto(url)
        hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
        for name, pattern in DETAILS.items():
            if name not in found:
                match = next(
                    (href for href in hrefs if pattern.search(href.removeprefix(base))), None
                )
                if match:
                    found[name] = match
    return found


def slug(url: str, base: str) -> str:
    path = url.removeprefix(base).strip("/")
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8451)))
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{args.port}"
    server = serve(args.port, ROOT / "var" / "screenshots.sqlite3")
    from playwright.sync_api import sync_playwright

    count = 0
    started = time.monotonic()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            for role, email in ROLES.items():
                for language in ("nl", "en"):
                    context = browser.new_context(viewport={"width": 390, "height": 844})
                    page = context.new_page()
                    sign_in(page, base, email)
                    # The footer's language choice, as a person would switch.
                    choice = page.locator(f"footer button.language-option[lang={language}]")
                    if choice.is_enabled():
                        choice.click()
                        page.wait_for_load_state()
                    for name, url in pages_of(page, base).items():
                        page.goto(url)
                        for width, height in WIDTHS.items():
                            page.set_viewport_size({"width": width, "height": height})
                            page.screenshot(
                                path=args.out / f"{role}-{language}-{width}-{name}.png",
                                full_page=True,
                            )
                            count += 1
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    seconds = round(time.monotonic() - started, 1)
    print(json.dumps({"screenshots": count, "directory": str(args.out), "seconds": seconds}))


if __name__ == "__main__":
    main()
