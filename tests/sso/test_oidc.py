"""Single sign-on through a real OpenID Connect provider on loopback (tests/sso/provider.py).

The Django test client posts the organisation's sign-in button, follows the redirect to the
provider over HTTP, and brings the provider's answer back to our callback; allauth then talks to
the provider's token endpoint and JWKS over HTTP itself.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from peercoach.organisations.current import SESSION_KEY as CURRENT_PERSON_KEY
from peercoach.organisations.models import Person
from tests import factories


def english_client() -> Client:
    """A visitor whose browser asks for English (the site's default language is Dutch)."""
    client = Client()
    client.cookies["django_language"] = "en"
    return client


pytestmark = pytest.mark.django_db


def go_to_provider(client: Client, org) -> str:
    """Press the organisation's sign-in button; the provider's answer (our callback URL)."""
    response = client.post(reverse("sso_begin", args=[org.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith("http://127.0.0.1:")
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def come_back(client: Client, callback: str):
    url = urlsplit(callback)
    return client.get(f"{url.path}?{url.query}")


def sign_in_with_sso(client: Client, org):
    return come_back(client, go_to_provider(client, org))


def signed_in_user(client: Client):
    return client.session.get(SESSION_KEY)


def test_it_signs_in_the_existing_person_with_a_verified_email(sso_org, provider):
    person = factories.make_person(sso_org, "Ann Example")
    provider.knobs.email = person.email.upper()  # providers may spell it differently
    accounts = get_user_model().objects.count()
    client = english_client()
    sign_in_page = client.get(reverse("login")).content.decode()
    assert reverse("sso_choose") in sign_in_page
    callback = go_to_provider(client, sso_org)
    before = client.session.session_key
    response = come_back(client, callback)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session.session_key != before  # a new session key on signing in
    assert signed_in_user(client) == str(person.user.pk)
    assert client.session[CURRENT_PERSON_KEY] == person.pk
    assert get_user_model().objects.count() == accounts
    assert "Ann Example" in client.get(reverse("home")).content.decode()


def test_it_sends_state_nonce_and_pkce_to_the_provider(sso_org, provider):
    response = english_client().post(reverse("sso_begin", args=[sso_org.slug]))
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["client_id"] == [provider.client_id]
    assert query["nonce"][0] and query["state"][0]
    assert query["code_challenge_method"] == ["S256"]


def test_it_gives_an_imported_person_the_account_of_their_address(sso_org, provider):
    person = factories.make_person(sso_org, "Ivo Imported", with_user=False)
    provider.knobs.email = person.email
    client = english_client()
    assert sign_in_with_sso(client, sso_org).status_code == 302
    person.refresh_from_db()
    assert person.user is not None and person.user.username == person.email
    assert signed_in_user(client) == str(person.user.pk)
    again = english_client()
    sign_in_with_sso(again, sso_org)
    assert get_user_model().objects.filter(username=person.email).count() == 1


def assert_refused(response, text: str) -> None:
    assert response.status_code == 403
    body = response.content.decode()
    assert text in body, body
    assert SESSION_KEY not in response.wsgi_request.session


def test_it_refuses_an_id_token_for_another_audience(sso_org, provider):
    provider.knobs.email = factories.make_person(sso_org).email
    provider.knobs.audience = "some-other-application"
    assert_refused(sign_in_with_sso(english_client(), sso_org), "did not confirm who you are")


def test_it_refuses_an_expired_id_token(sso_org, provider):
    provider.knobs.email = factories.make_person(sso_org).email
    provider.knobs.expires_in = -60
    assert_refused(sign_in_with_sso(english_client(), sso_org), "did not confirm who you are")


def test_it_refuses_an_id_token_with_another_nonce(sso_org, provider):
    """An ID token made for another sign-in (a replayed or injected token) is refused."""
    provider.knobs.email = factories.make_person(sso_org).email
    provider.knobs.nonce = "nonce-of-an-earlier-sign-in"
    assert_refused(sign_in_with_sso(english_client(), sso_org), "did not confirm who you are")


def test_it_refuses_a_replayed_answer(sso_org, provider):
    person = factories.make_person(sso_org)
    provider.knobs.email = person.email
    client = english_client()
    callback = go_to_provider(client, sso_org)
    assert come_back(client, callback).status_code == 302
    client.post(reverse("logout"))
    attacker = english_client()
    assert_refused(come_back(attacker, callback), "did not confirm who you are")
    assert_refused(come_back(client, callback), "did not confirm who you are")


def test_it_refuses_a_replayed_code_in_a_new_sign_in(sso_org, provider):
    """The code of a finished sign-in, brought back with the state of a new one: the provider
    refuses to exchange it twice, and so nobody is signed in."""
    provider.knobs.email = factories.make_person(sso_org).email
    first = english_client()
    old_code = parse_qs(urlsplit(go_to_provider(first, sso_org)).query)["code"][0]
    come_back(first, go_to_provider(first, sso_org))  # (a fresh, unused flow for `first`)
    attacker = english_client()
    fresh = urlsplit(go_to_provider(attacker, sso_org))
    state = parse_qs(fresh.query)["state"][0]
    first_try = come_back(first, f"{fresh.path}?code={old_code}&state={state}")
    assert first_try.status_code == 403  # `first` has no such state
    provider.codes[old_code]["used"] = True  # as after its first exchange
    response = come_back(attacker, f"{fresh.path}?code={old_code}&state={state}")
    assert_refused(response, "did not confirm who you are")
    assert old_code in provider.refused


def test_it_refuses_an_unknown_email_and_creates_no_account(sso_org, provider):
    provider.knobs.email = "stranger@example.com"
    accounts = get_user_model().objects.count()
    assert_refused(sign_in_with_sso(english_client(), sso_org), "has not added your email address")
    assert get_user_model().objects.count() == accounts
    assert not get_user_model().objects.filter(username="stranger@example.com").exists()


def test_it_refuses_the_email_of_a_person_of_another_organisation(sso_org, provider):
    elsewhere = factories.make_person(factories.make_organisation("Other"), "Eve Elsewhere")
    provider.knobs.email = elsewhere.email
    assert_refused(sign_in_with_sso(english_client(), sso_org), "belongs to another organisation")
    assert not Person.objects.filter(organisation=sso_org, email=elsewhere.email).exists()


def test_it_refuses_an_unverified_email(sso_org, provider):
    person = factories.make_person(sso_org, with_user=False)
    provider.knobs.email = person.email
    provider.knobs.email_verified = False
    assert_refused(
        sign_in_with_sso(english_client(), sso_org), "did not confirm your email address"
    )
    person.refresh_from_db()
    assert person.user is None


def test_it_refuses_a_deactivated_person(sso_org, provider):
    person = factories.make_person(sso_org, is_active=False)
    provider.knobs.email = person.email
    assert_refused(sign_in_with_sso(english_client(), sso_org), "has not added your email address")


def test_it_says_why_in_dutch(sso_org, provider):
    provider.knobs.email = "stranger@example.com"
    client = english_client()
    client.cookies["django_language"] = "nl"
    response = sign_in_with_sso(client, sso_org)
    assert response.status_code == 403
    assert "Je organisatie heeft je e-mailadres niet" in response.content.decode()


def test_it_finds_the_organisation_by_its_short_name(sso_org):
    client = english_client()
    response = client.post(reverse("sso_choose"), {"organisation": sso_org.slug})
    assert response["Location"] == reverse("sso_begin", args=[sso_org.slug])
    page = client.get(response["Location"])
    assert page.status_code == 200 and sso_org.name in page.content.decode()
    missing = client.post(reverse("sso_choose"), {"organisation": "nobody"})
    assert "No organisation with that short name" in missing.content.decode()
    assert client.get(reverse("sso_begin", args=["nobody"])).status_code == 404


def test_its_pages_keep_the_content_security_policy(sso_org, provider):
    provider.knobs.email = "stranger@example.com"
    client = english_client()
    for response in (
        client.get(reverse("sso_choose")),
        client.get(reverse("sso_begin", args=[sso_org.slug])),
        sign_in_with_sso(client, sso_org),
    ):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_it_gives_no_second_membership_in_the_organisation_to_one_account(sso_org, provider):
    """An account already in the organisation (under another address there) does not also
    become the person who was added with the account's own address."""
    first = factories.make_person(sso_org, "Ann First")
    first.email = "ann.other@example.com"
    first.save()
    added = factories.make_person(sso_org, "Ann Again", email=first.user.username, with_user=False)
    provider.knobs.email = added.email
    assert_refused(sign_in_with_sso(english_client(), sso_org), "did not confirm who you are")
    added.refresh_from_db()
    assert added.user is None
