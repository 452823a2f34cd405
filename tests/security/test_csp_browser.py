"""The Content Security Policy breaks nothing: key pages, the live facilitation page and htmx
updates run in Chromium without a single violation (no inline script, style or eval)."""

import pytest

from peercoach.coaching.models import CoachingSession, SessionStatus
from peercoach.demo.seed import DEMO_PASSWORD, create_demo_organisation
from peercoach.growth.models import Goal
from peercoach.methods import library
from peercoach.methods.models import Activity, Method, Phase, Scenario
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded by the page itself as well as read from the console: Chromium reports a violation in
# both places, and the event also catches ones a console filter might word differently.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def test_it_shows_the_key_pages_without_a_policy_violation(page, live_server):
    library.load(Method, Phase, Activity, Scenario)
    create_demo_organisation()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    seen = {}

    def check(name: str) -> None:
        page.wait_for_load_state("networkidle")
        seen[name] = page.evaluate("window.__violations") + console[:]
        console.clear()

    sign_in(page, live_server, "sanne.jansen@groenhuis.example", DEMO_PASSWORD)
    assert page.locator("script[src*=htmx]").count() == 1
    check("home")
    session = CoachingSession.objects.filter(
        group__memberships__person__email="sanne.jansen@groenhuis.example",
        status=SessionStatus.PLANNED,
    ).first()
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    check("session")
    page.goto(f"{live_server.url}/methods/sessions/{session.pk}/")
    assert page.locator("#phase").count() == 1
    check("live facilitation")
    # The phase panel polls with htmx; wait for one poll to be swapped in.
    with page.expect_response(lambda response: "/phase/" in response.url, timeout=10_000):
        pass
    check("live facilitation after an htmx poll")

    goal = Goal.objects.filter(owner__email="sanne.jansen@groenhuis.example").first()
    page.goto(f"{live_server.url}/growth/groups/{goal.group_id}/goals/new/")
    with page.expect_response(lambda response: "/goals/check/" in response.url):
        page.locator("[name=what]").type("Beter worden")
    page.wait_for_load_state("networkidle")
    check("goal form with htmx hints")
    page.goto(f"{live_server.url}/growth/goals/{goal.pk}/")
    check("goal with its chart")
    page.goto(f"{live_server.url}/growth/feedback/")
    check("feedback")
    page.goto(f"{live_server.url}/growth/groups/{goal.group_id}/wins/")
    check("wins")
    page.goto(f"{live_server.url}/me/")
    check("my profile with the data export")
    page.goto(f"{live_server.url}/privacy/")
    check("privacy page")

    assert seen == {name: [] for name in seen}
