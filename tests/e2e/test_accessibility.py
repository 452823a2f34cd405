"""axe-core (vendored, from the npm registry) checks the main pages in a real browser."""

from pathlib import Path

import pytest

from peercoach.demo.seed import DEMO_PASSWORD, create_demo_organisation
from peercoach.growth.models import Goal
from peercoach.programs.models import Program
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js").read_text()
SERIOUS = {"serious", "critical"}


def violations(page) -> list[str]:
    # Evaluated through the browser's DevTools protocol, not as a <script> the page's Content
    # Security Policy (rightly) refuses; axe then runs as in any other page.
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def test_it_has_no_serious_accessibility_problems_on_the_main_pages(page, live_server):
    create_demo_organisation()
    problems = {}
    sign_in(page, live_server, "sanne.jansen@groenhuis.example", DEMO_PASSWORD)
    problems["home"] = violations(page)
    page.click("text=Duo 1 —")
    problems["session"] = violations(page)
    goal = Goal.objects.get(owner__email="sanne.jansen@groenhuis.example")
    for name, path in {
        "sessions": "/sessions/",
        "goals": "/growth/goals/",
        "goal": f"/growth/goals/{goal.pk}/",
        "feedback": "/growth/feedback/",
        "new feedback": "/growth/feedback/new/",
        "wins": f"/growth/groups/{goal.group_id}/wins/",
        "my profile": "/me/",
        "my learning path": f"/paths/{goal.group.program_id}/mine/",
    }.items():
        page.goto(live_server.url + path)
        problems[name] = violations(page)

    page.context.clear_cookies()
    sign_in(page, live_server, "lotte.de.vries@groenhuis.example", DEMO_PASSWORD)
    program = Program.objects.get(format="pairs")
    for name, path in {
        "programs": "/programs/",
        "program": f"/programs/{program.pk}/",
        "people": "/people/",
        "people found": "/people/?q=iris&department=&role=participant",
        "enrol": f"/programs/{program.pk}/enrol/",
        "new program": "/programs/new/",
        "matching": f"/matching/programs/{program.pk}/",
        "import": "/import/",
        "group (lead)": f"/programs/groups/{goal.group_id}/",
        "group (lead) finding": f"/programs/groups/{goal.group_id}/?find=e",
        "remove member": f"/programs/groups/{goal.group_id}/members/{goal.owner_id}/remove/",
        "reports": "/reports/",
        "program report": f"/reports/programs/{program.pk}/",
        "learning path (lead)": f"/paths/programs/{program.pk}/",
        "program emails": f"/notifications/programs/{program.pk}/",
    }.items():
        page.goto(live_server.url + path)
        problems[name] = violations(page)
    page.context.clear_cookies()
    page.goto(live_server.url + "/signin/")
    problems["sign in"] = violations(page)
    page.goto(live_server.url + "/password/")
    problems["choose a password"] = violations(page)
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}
