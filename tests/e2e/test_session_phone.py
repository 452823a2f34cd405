"""The session on a phone (390×844): the current step's writing area within the first two
screens, writing without a page reload, and everything without JavaScript too."""

import pytest

from peercoach.methods import library, services
from peercoach.methods.models import Activity, Method, Phase, Scenario
from tests import factories
from tests.browser import sign_in
from tests.cast import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TWO_SCREENS = 2 * 844


@pytest.fixture
def pair():
    """The shared cast's member (`sam`) and fellow in English, a session of their pair today
    and one a week ago with an action each."""
    library.load(Method, Phase, Activity, Scenario)  # flushed by transactional tests
    cast = build_cast()
    sam, kim = cast.member, cast.fellow
    for person in (sam, kim):
        person.preferred_language = "en"
        person.save()
    previous = factories.make_session(cast.group, days_from_now=-7, location="Room 2")
    factories.make_action_item(previous, sam, "Ask for feedback after the demo")
    factories.make_action_item(previous, kim, "Prepare three hard questions")
    return sam, factories.make_session(cast.group, days_from_now=0, location="Room 2")


def bottom_of(page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    return box["y"] + box["height"]


def phone(browser, javascript: bool):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_it_writes_in_the_open_step_without_javascript(browser, live_server, pair):
    sam, session = pair
    context, page = phone(browser, javascript=False)
    sign_in(page, live_server, sam.email, factories.PASSWORD)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    assert page.locator("details.session-step[open]").count() == 1
    assert page.locator("details.session-step:not([open])").count() == 6
    assert bottom_of(page, "#step-follow_up textarea") <= TWO_SCREENS
    page.fill("#id_follow_up-text", "Kim asked the team")
    page.click("#section-follow_up button[type=submit]")
    page.wait_for_selector("#section-follow_up >> text=Kim asked the team")
    assert "?step=follow_up" in page.url
    # Another step: opened by hand, written in, and open again after the post.
    page.click("#step-objective summary")
    page.fill("#id_objective-text", "Say no without a lecture")
    page.click("#section-objective button[type=submit]")
    page.wait_for_selector("#section-objective >> text=Say no without a lecture")
    assert page.locator("#step-objective").get_attribute("open") is not None
    assert "1 entry" in page.locator("#step-objective summary").inner_text()
    context.close()


def test_it_writes_without_a_page_reload_and_follows_the_phase(browser, live_server, pair):
    sam, session = pair
    context, page = phone(browser, javascript=True)
    sign_in(page, live_server, sam.email, factories.PASSWORD)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.evaluate("window.notReloaded = true")
    page.fill("#id_follow_up-text", "Kim asked the team")
    page.click("#section-follow_up button[type=submit]")
    page.wait_for_selector("#section-follow_up >> text=Kim asked the team")
    assert page.evaluate("window.notReloaded === true")
    assert "1 entry" in page.locator("#step-follow_up summary").inner_text()
    assert page.evaluate("document.activeElement.id") == "id_follow_up-text"

    # Once the facilitation runs, the phase's writing area is still within two screens.
    page.click("text=Start the session")
    page.wait_for_selector("text=Phase 1 of 4")
    for _ in range(2):
        page.click("text=Next phase")
    page.wait_for_selector("text=Phase 3 of 4")  # reflection: questions and insights
    assert page.locator("#step-contributions").get_attribute("open") is not None
    assert bottom_of(page, "#id_contribution-text") <= TWO_SCREENS
    page.evaluate("window.notReloaded = true")
    page.fill("#id_contribution-text", "What did you notice first?")
    page.click("#contributions button[type=submit]")
    page.wait_for_selector("#contributions >> text=What did you notice first?")
    assert page.evaluate("window.notReloaded === true")

    # Someone else moves the phase: this page opens the step of the new phase by itself.
    services.do_move(session, 1)
    page.wait_for_selector("#phase >> text=Phase 4 of 4")
    # A selector, not wait_for_function: its polling evals a string, which the CSP refuses.
    page.wait_for_selector("#step-actions[open]", state="attached")
    assert page.evaluate("window.notReloaded === true")
    context.close()
