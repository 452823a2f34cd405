"""Two-step verification: an authenticator app (TOTP, RFC 6238) and recovery codes.

The codes are computed here from the secret the setup page shows, as a phone app would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from peercoach.identity.models import SignInPolicy
from tests import factories


def english_client() -> Client:
    """A visitor whose browser asks for English (the site's default language is Dutch)."""
    client = Client()
    client.cookies["django_language"] = "en"
    return client


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # allauth remembers used TOTP codes in the cache


def totp(secret: str, at: float | None = None) -> str:
    counter = int((at or time.time()) // 30)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def set_up_totp(client: Client) -> tuple[str, list[str]]:
    page = client.get(reverse("mfa_totp_setup")).content.decode()
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page).group(1)
    assert 'src="data:image/svg+xml;base64,' in page
    response = client.post(reverse("mfa_totp_setup"), {"code": totp(secret)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([^<]+)</code></li>", response.content.decode())
    return secret, codes


def sign_in(client: Client, person):
    return client.post(reverse("login"), {"username": person.email, "password": factories.PASSWORD})


@pytest.fixture
def with_totp(cast):
    """The cast's member, who set up an authenticator app: (person, its secret, their recovery
    codes)."""
    person = cast.member
    setup = english_client()
    setup.force_login(person.user)
    secret, codes = set_up_totp(setup)
    return person, secret, codes


def test_it_sets_up_an_authenticator_from_the_profile(cast):
    person = cast.member
    client = english_client()
    client.force_login(person.user)
    assert reverse("mfa_security") in client.get(reverse("profile")).content.decode()
    wrong = client.post(reverse("mfa_totp_setup"), {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    secret, codes = set_up_totp(client)
    assert len(codes) >= 8
    assert Authenticator.objects.filter(user=person.user, type="totp").exists()
    assert "Two-step verification is on" in client.get(reverse("mfa_security")).content.decode()


def test_it_asks_for_the_code_after_the_password(with_totp):
    person, secret, _ = with_totp
    client = english_client()
    response = sign_in(client, person)
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    assert SESSION_KEY not in client.session
    code = totp(secret)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(person.user.pk)
    # The same code a second time (someone who watched it being typed) is refused.
    again = english_client()
    sign_in(again, person)
    response = again.post(reverse("mfa_authenticate"), {"code": code})
    assert SESSION_KEY not in again.session


def test_a_recovery_code_signs_in_once(with_totp):
    person, _, codes = with_totp
    client = english_client()
    sign_in(client, person)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.session[SESSION_KEY] == str(person.user.pk)
    again = english_client()
    sign_in(again, person)
    again.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert SESSION_KEY not in again.session


def test_the_code_page_needs_a_correct_password_first(with_totp):
    person, secret, _ = with_totp
    client = english_client()
    client.post(reverse("login"), {"username": person.email, "password": "wrong"})
    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    assert response["Location"] == reverse("login")
    assert SESSION_KEY not in client.session


def test_an_organisation_can_require_it_for_admins_and_leads(cast):
    SignInPolicy.objects.create(organisation=cast.organisation, require_mfa_for_runners=True)
    lead, participant = cast.lead, cast.member
    client = english_client()
    sign_in(client, lead)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("mfa_totp_setup")
    set_up_totp(client)
    assert client.get(reverse("home")).status_code == 200
    # Switching it off is refused while the organisation requires it.
    client.post(reverse("mfa_totp_remove"), {"code": "000000"})
    assert Authenticator.objects.filter(user=lead.user, type="totp").exists()
    other = english_client()
    sign_in(other, participant)
    assert other.get(reverse("home")).status_code == 200


def test_it_switches_off_with_a_current_code(cast):
    person = cast.member
    client = english_client()
    client.force_login(person.user)
    secret, _ = set_up_totp(client)
    cache.clear()  # the setup code may be given once more to switch off
    client.post(reverse("mfa_totp_remove"), {"code": "999999"})
    assert Authenticator.objects.filter(user=person.user).exists()
    client.post(reverse("mfa_totp_remove"), {"code": totp(secret)})
    assert not Authenticator.objects.filter(user=person.user).exists()
    response = sign_in(english_client(), person)
    assert response["Location"] == reverse("home")


def test_its_pages_keep_the_content_security_policy(cast):
    client = english_client()
    client.force_login(cast.member.user)
    for name in ("mfa_security", "mfa_totp_setup"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "<script>" not in response.content.decode()
    dutch = Client()
    cast.fellow.preferred_language = "nl"
    cast.fellow.save()
    dutch.force_login(cast.fellow.user)
    assert "Een authenticator-app instellen" in dutch.get(reverse("mfa_security")).content.decode()


def test_the_code_cannot_be_guessed_on_and_on(with_totp):
    person, _, codes = with_totp
    client = english_client()
    sign_in(client, person)
    for guess in range(5):
        client.post(reverse("mfa_authenticate"), {"code": f"{guess:06d}"})
    # Even a right (recovery) code is refused now, for a while, from any sign-in.
    again = english_client()
    sign_in(again, person)
    response = again.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "Too many wrong codes. Please wait 15 minutes" in response.content.decode()
    assert SESSION_KEY not in again.session
