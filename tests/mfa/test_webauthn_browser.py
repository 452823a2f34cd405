"""The security-key pages in Chromium with its virtual authenticator (DevTools' WebAuthn domain).

The page's static script hands the server's options to `navigator.credentials`, Chromium's
virtual authenticator makes the key and signs, and the server verifies: the whole ceremony as a
person with a USB key goes through it.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator

from tests import factories
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_adds_a_key_and_signs_in_with_it(page, live_server):
    org = factories.make_organisation("Acme", default_language="en")
    person = factories.make_person(org)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": False,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, live_server, person.email, factories.PASSWORD)
    page.goto(f"{live_server.url}/me/security/keys/")
    page.fill("input[name=name]", "Virtual key")
    page.click("button[data-webauthn=create]")
    page.wait_for_selector("li code")  # the recovery codes
    assert Authenticator.objects.filter(user=person.user, type="webauthn").count() == 1

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/signin/")
    page.fill("input[name=username]", person.email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/signin/code/")
    page.click("button[data-webauthn=get]")
    page.wait_for_url(f"{live_server.url}/")
    assert not [e for e in errors if "Content Security Policy" in e]
