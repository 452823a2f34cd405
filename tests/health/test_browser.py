"""The pulse and the match-fit question in a real browser on a phone, without JavaScript."""

from __future__ import annotations

import pytest

from peercoach.health.models import MatchFit, Pulse
from tests import factories
from tests.browser import sign_in
from tests.health.helpers import make_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_answers_on_a_phone_without_javascript(browser, live_server):
    cast = make_cast()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, cast.member.email, factories.PASSWORD)
    page.click("#health-heading ~ p a.btn")
    page.click(f"text=How did the session of {cast.group.name}")
    page.wait_for_selector("fieldset.scale")
    box = page.locator(".scale-options label").first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    for index, fieldset in enumerate(page.locator("fieldset.scale").all()):
        fieldset.locator("label").nth(index + 2).click()
    page.fill("textarea", "for me only")
    page.click("text=Save my answers")
    page.wait_for_selector("text=Your answers: 3, 4 and 5 of 5.")
    pulse = Pulse.objects.get(person=cast.member)
    assert (pulse.forward, pulse.freely, pulse.listened, pulse.note) == (3, 4, 5, "for me only")
    page.click("text=Does the match work for you?")
    page.click("text=No, I would like a re-match")
    page.click("text=Send my answer")
    page.wait_for_selector("text=not who asked")
    assert MatchFit.objects.get(person=cast.member).works is False
    context.close()
