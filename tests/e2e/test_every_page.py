"""Every page a demo role reaches by following its links, at a phone's and a laptop's width.

Not a list of pages: from the home page the test follows same-origin GET links (nav, menus, cards,
tables) a few clicks deep, so a page added next month is checked as soon as something links to it.
It opens each kind of page once (`/growth/goals/7/` and `/growth/goals/8/` are one kind), and
every role's home, which bounds the run while still covering every template. On each page:

- nothing scrolls sideways, at 390×844 and at 1280×800, and on the phone the page's menus and
  confirmation dialogs (all <details>) stay on the screen when opened;
- on the phone the header is one line (at most 64 CSS px high);
- axe-core (vendored) finds no violation of any impact — minor and moderate ones too;
- the link led somewhere (no 4xx or 5xx behind a link the product shows).
"""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from peercoach.demo.seed import DEMO_PASSWORD, LOGINS, create_demo_organisation
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js").read_text()
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
MAX_HEADER_PX = 64
DEPTH = 3  # clicks from the home page
# Links that leave the page world: files, calendar feeds, exports, signing out, Django's admin.
SKIP = re.compile(r"\.(csv|ics|json|xlsx)$|/file/|/export|my-data|/signout/|/admin/|/unsubscribe/")
NUMBER = re.compile(r"/\d+(?=/|$)")

LINKS_JS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""
MEASURE_JS = """() => ({
  scroll: document.documentElement.scrollWidth,
  inner: window.innerWidth,
  header: Math.round(document.querySelector('.site-header').getBoundingClientRect().height),
})"""


# Menus and confirmation dialogs are <details>: opened, they must stay on the screen too.
OPENED_JS = """() => {
  const closed = [...document.querySelectorAll('details:not([open])')];
  closed.forEach(d => { d.open = true; });
  const off = [...document.querySelectorAll('details[open] > :not(summary)')]
    .filter(e => e.offsetParent !== null)
    .map(e => [e.className, e.getBoundingClientRect()])
    .filter(([, r]) => r.left < 0 || r.right > window.innerWidth)
    .map(([name, r]) => `${name} at ${Math.round(r.left)}..${Math.round(r.right)} px`);
  const scroll = document.documentElement.scrollWidth;
  closed.forEach(d => { d.open = false; });
  return {off, scroll, inner: window.innerWidth};
}"""


def kind_of(url: str) -> str:
    """The page's kind: its path with the numbers taken out, and the names of its query keys."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return NUMBER.sub("/#", parts.path) + ("?" + "&".join(keys) if keys else "")


def same_origin_pages(links: list[str], origin: str) -> list[str]:
    pages = []
    for link in links:
        link = link.split("#")[0]
        if link.startswith(origin) and not SKIP.search(urlsplit(link).path):
            pages.append(link)
    return pages


def axe_violations(page) -> list[str]:
    # Through the DevTools protocol, not a <script> the Content Security Policy refuses.
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def check(page) -> list[str]:
    """What is wrong with the open page, at both widths."""
    problems = []
    page.set_viewport_size(PHONE)
    phone = page.evaluate(MEASURE_JS)
    if phone["scroll"] > phone["inner"]:
        problems.append(f"scrolls sideways at 390 px ({phone['scroll']} px wide)")
    if phone["header"] > MAX_HEADER_PX:
        problems.append(f"header is {phone['header']} px high at 390 px")
    problems += axe_violations(page)
    opened = page.evaluate(OPENED_JS)
    problems += [f"opened at 390 px, {off} leaves the screen" for off in opened["off"]]
    if opened["scroll"] > opened["inner"]:
        problems.append(f"with its menus open, scrolls sideways at 390 px ({opened['scroll']} px)")
    page.set_viewport_size(LAPTOP)
    laptop = page.evaluate(MEASURE_JS)
    if laptop["scroll"] > laptop["inner"]:
        problems.append(f"scrolls sideways at 1280 px ({laptop['scroll']} px wide)")
    page.set_viewport_size(PHONE)
    return problems


def crawl(page, start: str, origin: str, seen: set[str]) -> dict[str, list[str]]:
    """Breadth-first over the links, one page per kind (`seen` is shared by the roles, so each
    kind of page is checked once, as the first role that reaches it sees it; every role's own
    home is checked); the problems found, per URL."""
    found: dict[str, list[str]] = {}
    seen.add(kind_of(start))
    queue = deque([(start, 0)])
    while queue:
        url, depth = queue.popleft()
        response = page.goto(url)
        if response is None or response.status >= 400:
            found[url] = [f"HTTP {response.status if response else '—'} behind a link"]
            continue
        found[url] = check(page)
        if depth == DEPTH:
            continue
        for link in same_origin_pages(page.evaluate(LINKS_JS), origin):
            if kind_of(link) not in seen:
                seen.add(kind_of(link))
                queue.append((link, depth + 1))
    return found


def test_it_keeps_every_page_of_every_demo_role_in_one_piece(browser, live_server):
    create_demo_organisation()
    origin = live_server.url
    visited = {}
    problems = {}
    seen: set[str] = set()
    for role, email, _label in LOGINS:
        context = browser.new_context(viewport=PHONE, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live_server, email, DEMO_PASSWORD)
        found = crawl(page, origin + "/", origin, seen)
        visited[role] = len(found)
        problems.update({f"{role} {url}": p for url, p in found.items() if p})
        context.close()
    context = browser.new_context(viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    found = crawl(page, origin + "/signin/", origin, seen)
    visited["signed out"] = len(found)
    problems.update({f"signed out {url}": p for url, p in found.items() if p})
    context.close()
    # The crawl itself must not be what passes: it reaches the admin's, lead's and participant's
    # pages.
    assert sum(visited.values()) > 40 and visited["participant"] > 5, visited
    assert not problems, "\n".join(f"{url}: {p}" for url, p in problems.items())
