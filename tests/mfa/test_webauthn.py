"""Security keys and passkeys (WebAuthn) as the second step, with a software authenticator.

The key in `tests.mfa.authenticator` signs with a real ES256 key; allauth.mfa and python-fido2
verify the ceremony (challenge, origin, RP ID, signature). Requests are made over HTTPS, as
browsers allow WebAuthn only in a secure context.
"""

from __future__ import annotations

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from peercoach.identity.models import SignInPolicy
from peercoach.organisations.models import Role
from tests import factories
from tests.mfa.authenticator import SoftwareKey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def https_client() -> Client:
    client = Client(enforce_csrf_checks=False)
    client.defaults["wsgi.url_scheme"] = "https"
    client.defaults["SERVER_PORT"] = "443"
    client.cookies["django_language"] = "en"
    return client


def options_in(page: str) -> dict:
    found = re.search(
        r'<script id="webauthn-options" type="application/json">(.*?)</script>', page, re.S
    )
    assert found, "the page carries no WebAuthn options"
    return json.loads(found.group(1))


def add_key(client: Client, key: SoftwareKey, name: str = "YubiKey"):
    page = client.get(reverse("mfa_key_add"), secure=True)
    assert page.status_code == 200
    answer = key.create(options_in(page.content.decode()))
    return client.post(
        reverse("mfa_key_add"), {"name": name, "credential": json.dumps(answer)}, secure=True
    )


def sign_in(client: Client, person):
    return client.post(
        reverse("login"),
        {"username": person.email, "password": factories.PASSWORD},
        secure=True,
    )


def key_step(client: Client, key: SoftwareKey, **kwargs):
    page = client.get(reverse("mfa_authenticate"), secure=True)
    assert page.status_code == 200
    answer = key.get(options_in(page.content.decode()), **kwargs)
    return client.post(reverse("mfa_authenticate"), {"credential": json.dumps(answer)}, secure=True)


def test_a_security_key_is_added_and_then_signs_in(org):
    person = factories.make_person(org)
    setup = https_client()
    setup.force_login(person.user)
    key = SoftwareKey()
    response = add_key(setup, key)
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([^<]+)</code></li>", response.content.decode())
    assert len(codes) >= 8  # recovery codes, for when the key is lost
    saved = Authenticator.objects.get(user=person.user, type="webauthn")
    assert saved.data["name"] == "YubiKey"
    assert "YubiKey" in setup.get(reverse("mfa_security"), secure=True).content.decode()

    client = https_client()
    assert sign_in(client, person)["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    response = key_step(client, key)
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(person.user.pk)


def test_a_recovery_code_stands_in_for_a_lost_key(org):
    person = factories.make_person(org)
    setup = https_client()
    setup.force_login(person.user)
    codes = re.findall(
        r"<li><code>([^<]+)</code></li>", add_key(setup, SoftwareKey()).content.decode()
    )
    client = https_client()
    sign_in(client, person)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]}, secure=True)
    assert client.session[SESSION_KEY] == str(person.user.pk)


def test_a_forged_or_foreign_or_replayed_answer_does_not_sign_in(org):
    person = factories.make_person(org)
    setup = https_client()
    setup.force_login(person.user)
    key = SoftwareKey()
    add_key(setup, key)

    # Signed by another private key under the same credential id.
    client = https_client()
    sign_in(client, person)
    forged = key_step(client, key, signer=ec.generate_private_key(ec.SECP256R1()))
    assert "did not confirm it is you" in forged.content.decode()
    assert SESSION_KEY not in client.session
    # A phishing site's origin.
    client = https_client()
    sign_in(client, person)
    key_step(client, key, origin="https://peercoach.example.net")
    assert SESSION_KEY not in client.session
    # Garbage in the field: a clear refusal, no 500.
    response = client.post(reverse("mfa_authenticate"), {"credential": "{]"}, secure=True)
    assert response.status_code == 200 and SESSION_KEY not in client.session
    # A valid answer, replayed in a second sign-in: its challenge is not that sign-in's.
    first = https_client()
    sign_in(first, person)
    page = first.get(reverse("mfa_authenticate"), secure=True)
    answer = json.dumps(key.get(options_in(page.content.decode())))
    first.post(reverse("mfa_authenticate"), {"credential": answer}, secure=True)
    assert first.session[SESSION_KEY] == str(person.user.pk)
    second = https_client()
    sign_in(second, person)
    second.get(reverse("mfa_authenticate"), secure=True)
    second.post(reverse("mfa_authenticate"), {"credential": answer}, secure=True)
    assert SESSION_KEY not in second.session


def test_a_key_answering_another_challenge_is_not_added(org):
    person = factories.make_person(org)
    client = https_client()
    client.force_login(person.user)
    page = client.get(reverse("mfa_key_add"), secure=True)
    options = options_in(page.content.decode())
    client.get(reverse("mfa_key_add"), secure=True)  # a new challenge replaces the old one
    answer = SoftwareKey().create(options)
    response = client.post(
        reverse("mfa_key_add"), {"name": "Old", "credential": json.dumps(answer)}, secure=True
    )
    assert response.status_code == 400
    assert "was not added" in response.content.decode()
    assert not Authenticator.objects.filter(user=person.user).exists()


def test_a_key_meets_the_organisations_requirement_for_leads(org):
    SignInPolicy.objects.create(organisation=org, require_mfa_for_runners=True)
    lead = factories.make_person(org, role=Role.LEAD)
    client = https_client()
    sign_in(client, lead)
    assert client.get(reverse("home"), secure=True)["Location"] == reverse("mfa_totp_setup")
    key = SoftwareKey()
    add_key(client, key)
    assert client.get(reverse("home"), secure=True).status_code == 200
    # The only second step cannot be removed while the organisation requires one.
    saved = Authenticator.objects.get(user=lead.user, type="webauthn")
    client.post(reverse("mfa_key_remove", args=[saved.pk]), secure=True)
    assert Authenticator.objects.filter(pk=saved.pk).exists()
    # The next sign-in asks for the key.
    again = https_client()
    assert sign_in(again, lead)["Location"] == reverse("mfa_authenticate")
    key_step(again, key)
    assert again.get(reverse("home"), secure=True).status_code == 200


def test_a_key_is_removed_after_the_password(org):
    person = factories.make_person(org)
    client = https_client()
    sign_in(client, person)
    add_key(client, SoftwareKey())
    saved = Authenticator.objects.get(user=person.user, type="webauthn")
    client.post(reverse("mfa_key_remove", args=[saved.pk]), secure=True)
    assert not Authenticator.objects.filter(user=person.user).exists()
    assert sign_in(https_client(), person)["Location"] == reverse("home")


def test_the_key_pages_keep_the_content_security_policy(org):
    person = factories.make_person(org)
    client = https_client()
    client.force_login(person.user)
    add_key(client, SoftwareKey())
    pages = [client.get(reverse("mfa_key_add"), secure=True)]
    signing_in = https_client()
    sign_in(signing_in, person)
    pages.append(signing_in.get(reverse("mfa_authenticate"), secure=True))
    for response in pages:
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        page = response.content.decode()
        assert "/static/js/webauthn.js" in page
        assert not re.search(r"<script(?![^>]*(src=|application/json))", page)
