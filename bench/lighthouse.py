"""`make lighthouse`: Lighthouse's phone scores for the pages people use most.

Serves the demo as `make run` does (DEBUG off, bench/demo_server.py), signs in in Chromium as the
participant (home, session, goal) and the program lead (program, report, people), and runs npm
`lighthouse@12.2.3` (installed into var/lighthouse by the Makefile) with Debian's Chromium on each
page, with that person's session cookie, in its default phone emulation. Prints one line per page
with performance, accessibility and best practices (0–100), then a JSON line with all of them.

    .venv/bin/python bench/lighthouse.py [--port 8452]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from demo_server import ROOT, serve, sign_in

LIGHTHOUSE = ROOT / "var" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices")
PEOPLE = {
    "participant": "sanne.jansen@groenhuis.example",
    "lead": "lotte.de.vries@groenhuis.example",
}


def find(page, base: str, start: str, pattern: str) -> str:
    """The first link on `start` whose path matches `pattern`: pages as a person reaches them."""
    page.goto(base + start)
    for href in page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)"):
        if re.search(pattern, href.removeprefix(base)):
            return href
    raise SystemExit(f"no link matching {pattern} on {start}")


def targets(browser, base: str) -> list[tuple[str, str, str]]:
    """(name, url, cookie header) for every page, signed in as the person who uses it."""
    found = []
    for role, email in PEOPLE.items():
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, base, email)
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
        if role == "participant":
            pages = {
                "home": base + "/",
                "session": find(page, base, "/", r"^/sessions/\d+/$"),
                "goal": find(page, base, "/growth/goals/", r"^/growth/goals/\d+/$"),
            }
        else:
            program = find(page, base, "/programs/", r"^/programs/\d+/$")
            pages = {
                "program": program,
                "report": find(page, base, "/reports/", r"^/reports/programs/\d+/$"),
                "people": base + "/people/",
            }
        found += [(name, url, cookie) for name, url in pages.items()]
        context.close()
    return found


def score(url: str, cookie: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "report.json"
        subprocess.run(
            [
                "node",
                str(LIGHTHOUSE),
                url,
                f"--chrome-path={CHROMIUM}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--extra-headers={json.dumps({'Cookie': cookie})}",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            check=True,
        )
        categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8452)))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make lighthouse`")
    base = f"http://127.0.0.1:{args.port}"
    server = serve(args.port, ROOT / "var" / "lighthouse.sqlite3")
    from playwright.sync_api import sync_playwright

    results = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            pages = targets(browser, base)
            browser.close()
        for name, url, cookie in pages:
            results[name] = score(url, cookie)
            figures = "  ".join(f"{k} {v}" for k, v in results[name].items())
            print(f"{name:8} {figures}  {url.removeprefix(base)}", flush=True)
    finally:
        server.terminate()
        server.wait()
    print(json.dumps({"lighthouse": "12.2.3", "form_factor": "mobile", "scores": results}))


if __name__ == "__main__":
    main()
