"""Joining by link in a real browser on a phone, without JavaScript: the lead opens the link on
the program page, a newcomer asks for the confirmation, opens it from the email, chooses a
password, answers the intake and is enrolled."""

from __future__ import annotations

import pytest

from peercoach.notifications import outbox
from peercoach.organisations.models import Person, Role
from peercoach.programs.models import Enrolment, JoinLink, ProgramStatus
from peercoach.running import joining
from tests import factories
from tests.browser import sign_in
from tests.programs.test_join_by_link import CONFIRM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 360, "height": 740}, "java_script_enabled": False}


def fits(page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, (selector, box)


def test_a_newcomer_joins_on_a_phone_without_javascript(browser, live_server, smtp):
    org = factories.make_organisation("Acme", default_language="en")
    lead = factories.make_person(org, "Lea Lead", role=Role.LEAD)
    program = factories.make_program(
        org, name="Peer circles", status=ProgramStatus.ENROLLING, leads=[lead]
    )
    context = browser.new_context(locale="en-GB", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, lead.email, factories.PASSWORD)
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.fill("#join-link input[name=domains]", "acme.example")
    page.click("#join-link button[type=submit]")
    page.wait_for_selector("#join-url")
    fits(page, "#join-url")
    link = JoinLink.objects.get(program=program)
    context.close()

    context = browser.new_context(locale="en-GB", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + joining.path_of(link))
    fits(page, "main form button[type=submit]")
    page.fill("input[name=name]", "Nina Newcomer")
    page.fill("input[name=email]", "nina@acme.example")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Check your email")
    outbox.deliver_all("test")
    (mail,) = smtp.messages
    (path,) = set(CONFIRM.findall(mail.get_body(("plain",)).get_content()))
    page.goto(live_server.url + path)
    page.click("text=Confirm and continue")
    page.fill("input[name=new_password1]", "Koffie-met-collegas-42")
    page.fill("input[name=new_password2]", "Koffie-met-collegas-42")
    page.click("main form button[type=submit]")
    page.wait_for_selector("input[name=department]")
    fits(page, "input[name=skills_wanted]")
    page.fill("input[name=department]", "Finance")
    page.fill("input[name=skills_wanted]", "saying no")
    page.click("text=Join the program")
    page.wait_for_selector("text=You are enrolled in Peer circles.")
    nina = Person.objects.get(organisation=org, email="nina@acme.example")
    assert Enrolment.objects.active().filter(program=program, person=nina).exists()
    assert nina.skills_wanted == ["saying no"]
    context.close()


def test_the_join_page_speaks_dutch_on_a_phone(browser, live_server, smtp):
    org = factories.make_organisation("Groenhuis", default_language="nl")
    lead = factories.make_person(org, "Lotte", role=Role.LEAD)
    program = factories.make_program(org, name="Duo's", status=ProgramStatus.RUNNING, leads=[lead])
    link = joining.do_open_link(program, by=lead, domains=[])
    context = browser.new_context(locale="nl-NL", **PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + joining.path_of(link))
    page.wait_for_selector("text=Aanmelden voor Duo's")
    page.fill("input[name=name]", "Noor")
    page.fill("input[name=email]", "noor@example.org")
    page.click("text=Mail me een link")
    page.wait_for_selector("text=Kijk in je e-mail")
    outbox.deliver_all("test")
    (mail,) = smtp.messages
    (path,) = set(CONFIRM.findall(mail.get_body(("plain",)).get_content()))
    page.goto(live_server.url + path)
    page.click("text=Bevestigen en verder")
    page.wait_for_selector("input[name=new_password1]")
    context.close()
