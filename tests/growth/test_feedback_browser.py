"""The feedback flow in Debian's headless Chromium: phrasing hints appear while typing (htmx),
the giver sends balanced feedback, the receiver marks it helpful and replies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peercoach.growth.models import Feedback
from tests import factories
from tests.browser import sign_in


def signed_in_page(browser, live_server, person):
    page = browser.new_context(locale="nl-NL").new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, person.email, factories.PASSWORD)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_gives_balanced_feedback_and_the_receiver_answers(browser, live_server):
    org = factories.make_organisation("Acme", default_language="nl")
    giver = factories.make_person(org, "Finn Fellow")
    receiver = factories.make_person(org, "Mia Member")
    program = factories.make_program(org)
    factories.make_group(program, [giver, receiver], name="Duo")

    page = signed_in_page(browser, live_server, giver)
    page.goto(live_server.url + reverse("growth:feedback_create"))
    # Typing finds the colleague (htmx swaps the choices in without a reload).
    page.fill("#find-receiver", "mia")
    page.locator(f'input[name=receiver][value="{receiver.pk}"]').check()
    page.fill("textarea[name=strengths_text]", "Je visuals waren helder en boeiend.")
    page.locator("textarea[name=growth_text]").press_sequentially("Je moet altijd langzamer")
    page.locator('#phrasing-hints [data-code="must"]').wait_for()
    assert page.locator('#phrasing-hints [data-code="absolute"]').is_visible()
    page.fill("textarea[name=growth_text]", "")
    page.locator("textarea[name=growth_text]").press_sequentially(
        "Wat je kunt proberen is trager uitleggen bij de cijfers."
    )
    page.get_by_text("Leest als ondersteunende feedback.").wait_for()
    page.get_by_role("button", name="Feedback versturen").click()
    page.get_by_text("Je feedback is verstuurd.").wait_for()
    feedback = Feedback.objects.get()
    assert feedback.strengths == ["Je visuals waren helder en boeiend."]
    page.context.close()

    page = signed_in_page(browser, live_server, receiver)
    page.goto(live_server.url + reverse("growth:feedback_list"))
    page.get_by_role("link", name="Van Finn Fellow").click()
    page.get_by_text("Wat je kunt proberen is trager uitleggen bij de cijfers.").wait_for()
    page.get_by_role("button", name="Dit helpt me").click()
    page.get_by_text("Gemarkeerd als nuttig.").wait_for()
    page.fill("textarea[name=reply]", "Dank je, ga ik doen!")
    page.get_by_role("button", name="Reageren").click()
    page.get_by_text("Je reactie is verstuurd.").wait_for()
    feedback.refresh_from_db()
    assert feedback.helpful is True and feedback.reply == "Dank je, ga ik doen!"
    page.context.close()
