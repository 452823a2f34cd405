import re

import pytest
from django.utils import timezone

from peercoach.coaching.models import ActionItem, Entry, SessionStatus
from peercoach.organisations.models import Role
from tests import factories
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_a_participant_fill_the_agenda_and_shows_the_lead_only_that_it_happened(
    page, live_server
):
    org = factories.make_organisation("Groenhuis", default_language="nl")
    lead = factories.make_person(org, "Lotte Lead", role=Role.LEAD)
    sanne = factories.make_person(org, "Sanne Jansen")
    daan = factories.make_person(org, "Daan Bakker")
    program = factories.make_program(org, leads=[lead], name="Duo's 2026")
    group = factories.make_group(program, [sanne, daan], name="Duo 1")
    # It begins in ten minutes: close enough to be marked held (a future session cannot be).
    session = factories.make_session(
        group, starts_at=timezone.now() + timezone.timedelta(minutes=10), location="Ruimte 2"
    )

    sign_in(page, live_server, sanne.email, factories.PASSWORD)
    assert page.locator("h1").inner_text().startswith("Welkom")
    page.click("text=Duo 1 —")
    page.wait_for_url(re.compile(rf"/sessions/{session.pk}/$"))

    page.fill("#id_win-text", "Mijn presentatie ging goed")
    page.locator("#section-win button[type=submit]").click()
    page.wait_for_selector("text=Mijn presentatie ging goed")

    page.click("#step-actions summary")  # the action plan is a step of its own, collapsed
    page.fill("#id_text", "Drie lastige vragen voorbereiden")
    page.select_option("#id_owner", label="Sanne Jansen")
    page.fill("#id_due_on", (timezone.localdate() + timezone.timedelta(days=7)).isoformat())
    page.click("text=Actie toevoegen")
    page.wait_for_selector("text=Drie lastige vragen voorbereiden")
    page.click("text=Markeren als gehouden")
    page.wait_for_selector(".badge.held")

    assert Entry.objects.filter(session=session, author=sanne, section="win").count() == 1
    assert ActionItem.objects.filter(session=session, owner=sanne).count() == 1
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD

    page.context.clear_cookies()
    sign_in(page, live_server, lead.email, factories.PASSWORD)
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    row = page.locator("tr", has_text="Duo 1")
    assert row.locator("td").nth(2).inner_text() == "1"  # sessions held
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    body = page.locator("main").inner_text()
    assert "Gehouden" in body or "Vond plaats" in body
    assert "Mijn presentatie ging goed" not in body
    assert "Drie lastige vragen" not in body
