"""The self-assessment form in a real browser on a phone-sized screen: answered without
JavaScript by tapping the choices, with touch targets of at least 44 pixels and no serious
accessibility problems (axe-core, vendored in tests/e2e/vendor)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peercoach.assessments.models import Answer, Response
from tests import factories
from tests.assessments.conftest import START, make_setting
from tests.browser import sign_in
from tests.e2e.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_is_answered_on_a_phone_without_javascript(browser, live_server):
    setting = make_setting()
    take = reverse("assessments:take", kwargs={"program_pk": setting.program.pk, "moment": START})
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, setting.me.email, factories.PASSWORD)
    page.click("text=Take the start assessment")
    page.wait_for_url(f"**{take}")
    page.wait_for_selector("fieldset.scale")
    labels = page.locator(".scale-options label")
    assert labels.count() == 6 * 5
    box = labels.first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    for index, fieldset in enumerate(page.locator("fieldset.scale").all()):
        fieldset.locator("label").nth(index % 5).click()
    page.click("text=Save my answers")
    page.wait_for_url(f"**/assessments/{setting.program.pk}/mine/")
    response = Response.objects.get(person=setting.me, moment=START)
    assert sorted(Answer.objects.filter(response=response).values_list("score", flat=True)) == [
        1,
        1,
        2,
        3,
        4,
        5,
    ]
    context.close()


def test_its_pages_have_no_serious_accessibility_problems(page, live_server):
    setting = make_setting()
    program = {"program_pk": setting.program.pk}
    problems = {}
    sign_in(page, live_server, setting.me.email, factories.PASSWORD)
    problems["home"] = violations(page)
    page.goto(live_server.url + reverse("assessments:take", kwargs={**program, "moment": START}))
    page.click("text=Save my answers")  # the form comes back with its errors
    problems["form with errors"] = violations(page)
    page.goto(live_server.url + reverse("assessments:mine", kwargs=program))
    problems["mine"] = violations(page)
    page.context.clear_cookies()
    sign_in(page, live_server, setting.lead.email, factories.PASSWORD)
    page.goto(live_server.url + reverse("assessments:program", kwargs=program))
    problems["lead"] = violations(page)
    page.goto(live_server.url + reverse("assessments:index"))
    problems["index"] = violations(page)
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}
