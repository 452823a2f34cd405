"""The people list in Debian's headless Chromium: typing filters the list (htmx) and the address
keeps the search, so a page link or a reload shows the same people."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peercoach.organisations.models import Role
from tests import factories
from tests.browser import sign_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_filters_the_people_list_without_a_reload(browser, live_server):
    org = factories.make_organisation("Acme", default_language="en")
    lead = factories.make_person(org, "Lena Lead", role=Role.LEAD)
    factories.make_person(org, "Iris van Leeuwen", department="Sales", with_user=False)
    for number in range(60):
        factories.make_person(org, f"Crowd {number:02d}", with_user=False, department="Ops")
    page = browser.new_context(locale="en-GB").new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, lead.email, factories.PASSWORD)
    page.goto(live_server.url + reverse("people:list"))
    assert page.locator("#people-results tbody tr").count() == 50
    page.evaluate("window.notReloaded = true")
    page.fill("input[name=q]", "iris")
    page.locator("#people-results tbody tr").filter(has_text="Iris van Leeuwen").wait_for()
    expect(page.locator("#people-results tbody tr")).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the results in
    assert "q=iris" in page.url
    page.context.close()
