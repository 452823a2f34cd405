"""A group runs a full incidentmethode session in Dutch, a pair a goal → reflection → next steps
session in English (and without JavaScript): timer, phases, roles, follow-up of last time."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from peercoach.coaching.models import ActionItem
from peercoach.methods import library
from peercoach.methods.models import (
    Activity,
    Contribution,
    FollowUpDecision,
    Insight,
    Method,
    Phase,
    Scenario,
    SessionRole,
    SessionRun,
)
from peercoach.programs.models import Format
from tests import factories
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _library():
    # Transactional tests flush the tables, the data migration's library included.
    library.load(Method, Phase, Activity, Scenario)


def test_it_runs_a_full_incidentmethode_session_for_a_group_in_dutch(browser, page, live_server):
    org = factories.make_organisation("Groenhuis", default_language="nl")
    names = ("Anna de Vries", "Bram Visser", "Carla Smit", "Dirk Mulder")
    people = [factories.make_person(org, name) for name in names]
    program = factories.make_program(org, format=Format.GROUPS, group_size=4, name="Intervisie")
    group = factories.make_group(program, people, name="Groep Noord")
    previous = factories.make_session(group, days_from_now=-14)
    factories.make_action_item(previous, people[1], "Gesprek met de teamleider voeren")
    session = factories.make_session(group, days_from_now=0)

    sign_in(page, live_server, people[0].email, factories.PASSWORD)
    # The old live page's address leads to the session page, which follows the phase itself.
    page.goto(f"{live_server.url}/methods/sessions/{session.pk}/")
    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/sessions/{session.pk}/"))
    assert "Nog niet begonnen" in page.locator("#phase").inner_text()

    # The group picks the incidentmethode for this session; roles come from fair rotation.
    page.click("text=Methode of rollen aanpassen")
    page.select_option("#id_method", label="Incidentmethode")
    page.click("text=Methode en rollen opslaan")
    page.wait_for_selector("text=Methode en rollen zijn opgeslagen.")
    roles = page.locator(".session-roles").inner_text()
    for role in ("Inbrenger", "Gespreksleider", "Tijdbewaker", "Observator"):
        assert role in roles
    page.click("text=Start de sessie")
    page.wait_for_selector("text=Fase 1 van 7")
    assert "Terugblik op de acties van vorige keer" in page.locator("#phase").inner_text()

    # The countdown runs in the browser.
    timer = page.locator("[data-seconds-left]")
    first = timer.inner_text()
    assert re.fullmatch(r"[45]:\d\d", first)
    expect(timer).not_to_have_text(first)

    # Follow-up of last time: Bram's unfinished action is carried over.
    follow_up = page.locator("#follow-up")
    assert "Welke vooruitgang heb je geboekt" in follow_up.inner_text()
    follow_up.locator("select[name=choice]").select_option("carry_over")
    follow_up.locator("button[type=submit]").click()
    page.wait_for_selector("#follow-up .badge:has-text('Meegenomen')")

    # A second member follows along on their own phone: the phase changes there too.
    other = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    bram = other.new_page()
    bram.set_default_timeout(15_000)
    sign_in(bram, live_server, people[1].email, factories.PASSWORD)
    bram.goto(f"{live_server.url}/methods/sessions/{session.pk}/")
    bram.wait_for_selector("text=Fase 1 van 7")

    page.click("text=Volgende fase")
    page.wait_for_selector("text=Fase 2 van 7")
    bram.wait_for_selector("#phase >> text=Casussen inbrengen")
    page.click("text=Volgende fase")
    page.click("text=Volgende fase")
    page.wait_for_selector("text=Fase 4 van 7")
    phase = page.locator("#phase").inner_text()
    assert "Feitelijke vragen, geen advies" in phase and "Alleen vragen, geen advies" in phase
    bram.wait_for_selector("#phase >> text=Feitelijke vragen, geen advies")

    # Questions over advice: Bram asks, Anna slips into advice; the guess sorts them.
    bram.fill("#id_contribution-text", "Wat deed je op dat moment?")
    bram.click("#contributions button[type=submit]")
    bram.wait_for_selector("text=1 vraag")
    page.fill("#id_contribution-text", "Je moet het gewoon met haar bespreken.")
    page.click("#contributions button[type=submit]")
    page.wait_for_selector("text=1 advies")
    other.close()

    page.click("text=Vorige fase")
    page.wait_for_selector("text=Fase 3 van 7")
    for number in (4, 5, 6, 7):
        page.click("text=Volgende fase")
        page.wait_for_selector(f"text=Fase {number} van 7")
    assert "Evaluatie en vervolgafspraak" in page.locator("#phase").inner_text()
    page.click("text=Sessie afsluiten")
    page.wait_for_selector("text=De sessie is afgelopen")

    panel = page.locator("#method-panel").inner_text()
    assert "Incidentmethode" in panel and "1 vraag" in panel and "1 advies" in panel
    assert "Gesprek met de teamleider voeren" in page.locator("#actions").inner_text()

    run = SessionRun.objects.get(session=session)
    assert run.method.key == "incident" and run.ended_at is not None
    assert SessionRole.objects.filter(session=session).count() == 4
    assert sorted(Contribution.objects.values_list("kind", flat=True)) == ["advice", "question"]
    assert ActionItem.objects.filter(session=session, owner=people[1]).count() == 1
    assert FollowUpDecision.objects.get().choice == "carry_over"


def test_it_runs_a_pair_session_in_english_even_without_javascript(browser, live_server):
    org = factories.make_organisation("Harbour", default_language="en")
    sam = factories.make_person(org, "Sam Carter", preferred_language="en")
    kim = factories.make_person(org, "Kim Lee", preferred_language="en")
    program = factories.make_program(org, format=Format.PAIRS, name="Pairs 2026")
    group = factories.make_group(program, [sam, kim], name="Pair 1")
    previous = factories.make_session(group, days_from_now=-7)
    SessionRole.objects.create(session=previous, person=sam, role="coachee")
    SessionRole.objects.create(session=previous, person=kim, role="coach")
    factories.make_action_item(previous, sam, "Ask for feedback after the demo")
    session = factories.make_session(group, days_from_now=0)

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, sam.email, factories.PASSWORD)
    page.goto(f"{live_server.url}/methods/sessions/{session.pk}/")
    assert "Pair: goal → reflection → next steps" in page.locator("h1").inner_text()
    # Sam was coachee last time, so now Kim is; the roles alternate.
    roles = page.locator(".session-roles").inner_text()
    assert "Kim Lee: Coachee" in roles and "Sam Carter: Coach" in roles

    page.click("text=Start the session")
    page.wait_for_selector("text=Phase 1 of 4")
    assert re.search(r"\d:\d\d", page.locator(".timer").inner_text())
    follow_up = page.locator("#follow-up")
    assert "Ask for feedback after the demo" in follow_up.inner_text()
    follow_up.locator("select[name=choice]").select_option("drop")
    follow_up.locator("input[name=reason]").fill("The demo was cancelled")
    follow_up.locator("button[type=submit]").click()
    page.wait_for_selector("text=The demo was cancelled")

    pair_method = Method.objects.get(key="goal-reflection-next-steps", organisation=None)
    with translation.override("en"):
        steps = [phase.name for phase in pair_method.phases.all()]
    assert steps[1:] == ["Goal", "Reflection", "Next steps"]
    for number, name in enumerate(steps[1:], start=2):
        page.click("text=Next phase")
        page.wait_for_selector(f"text=Phase {number} of 4")
        assert name in page.locator("#phase h2").inner_text()
        if name == "Reflection":
            page.fill("#id_insight-text", "I avoid conflict when I'm tired")
            page.click("text=Add insight")
            page.wait_for_selector("text=I avoid conflict when I'm tired")
    page.click("text=End the session")
    page.wait_for_selector("text=The session has ended")
    assert "I avoid conflict when I'm tired" in page.locator("#method-panel").inner_text()
    context.close()

    assert Insight.objects.get(session=session).author == sam
    assert FollowUpDecision.objects.get().reason == "The demo was cancelled"
    assert SessionRun.objects.get(session=session).ended_at is not None
