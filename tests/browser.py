"""Browser tests in Debian's headless Chromium, driven by Playwright (no downloaded browser).

Loaded as a pytest plugin by tests/conftest.py, so every test folder can use `browser` and `page`.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser():
    # Function-scoped: Playwright's sync API owns an event loop while it runs, so one that
    # stayed open across tests would break every other test that starts Playwright.
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required under CI but missing at {CHROMIUM}")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (make test installs it)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (setting up data) are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/signin/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
