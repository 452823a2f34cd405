"""Single sign-on through a real SAML 2.0 identity provider on loopback (saml_provider.py).

The test client starts the sign-in, follows the redirect to the provider over HTTP, and posts
the provider's signed answer to our assertion consumer, as the browser's auto-posting form would.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def english_client() -> Client:
    client = Client(HTTP_HOST="testserver")  # a browser always sends it; python3-saml reads it
    client.cookies["django_language"] = "en"
    return client


def answer_of_provider(client: Client, org) -> tuple[str, dict]:
    response = client.post(reverse("sso_begin", args=[org.slug]))
    assert response.status_code == 302 and response["Location"].startswith("http://127.0.0.1:")
    page = requests.get(response["Location"], timeout=10)
    assert page.status_code == 200
    action = unescape(re.search(r'action="([^"]+)"', page.text).group(1))
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    return urlsplit(action).path, {name: unescape(value) for name, value in fields.items()}


def post_answer(client: Client, acs_path: str, fields: dict):
    response = client.post(acs_path, fields)
    assert response.status_code == 302, response
    return client.get(response["Location"])


def sign_in(client: Client, org):
    return post_answer(client, *answer_of_provider(client, org))


def assert_refused(response, text: str) -> None:
    assert response.status_code in (401, 403), response
    assert text in response.content.decode()
    assert SESSION_KEY not in response.wsgi_request.session


def test_it_signs_in_the_existing_person(saml_org, idp):
    person = factories.make_person(saml_org, "Sam Saml")
    idp.knobs.email = person.email
    accounts = get_user_model().objects.count()
    client = english_client()
    response = sign_in(client, saml_org)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(person.user.pk)
    assert get_user_model().objects.count() == accounts


def test_it_refuses_an_assertion_for_another_audience(saml_org, idp):
    idp.knobs.email = factories.make_person(saml_org).email
    idp.knobs.audience = "https://another-service.example/metadata"
    assert_refused(sign_in(english_client(), saml_org), "did not confirm who you are")


def test_it_refuses_an_expired_assertion(saml_org, idp):
    idp.knobs.email = factories.make_person(saml_org).email
    idp.knobs.expires_in = -120
    assert_refused(sign_in(english_client(), saml_org), "did not confirm who you are")


def test_it_refuses_a_replayed_assertion(saml_org, idp):
    idp.knobs.email = factories.make_person(saml_org).email
    client = english_client()
    acs, fields = answer_of_provider(client, saml_org)
    assert post_answer(client, acs, fields)["Location"] == reverse("home")
    assert_refused(post_answer(english_client(), acs, fields), "did not confirm who you are")


def test_it_refuses_an_assertion_it_did_not_ask_for(saml_org, idp):
    """An answer posted into another browser (IdP-initiated, or stolen) signs nobody in."""
    idp.knobs.email = factories.make_person(saml_org).email
    acs, fields = answer_of_provider(english_client(), saml_org)
    assert_refused(post_answer(english_client(), acs, fields), "did not confirm who you are")


def test_it_refuses_a_tampered_assertion(saml_org, idp):
    import base64

    victim = factories.make_person(saml_org)
    idp.knobs.email = factories.make_person(saml_org).email
    client = english_client()
    acs, fields = answer_of_provider(client, saml_org)
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    fields["SAMLResponse"] = base64.b64encode(
        xml.replace(idp.knobs.email, victim.email).encode()
    ).decode()
    assert_refused(post_answer(client, acs, fields), "did not confirm who you are")


def test_it_refuses_unknown_and_other_organisations_emails(saml_org, idp):
    idp.knobs.email = "stranger@example.com"
    assert_refused(sign_in(english_client(), saml_org), "has not added your email address")
    idp.knobs.email = factories.make_person(factories.make_organisation("Other")).email
    assert_refused(sign_in(english_client(), saml_org), "belongs to another organisation")
    assert not get_user_model().objects.filter(username="stranger@example.com").exists()


def test_it_publishes_its_metadata(saml_org):
    response = english_client().get(reverse("saml_metadata", args=[saml_org.slug]))
    assert response.status_code == 200
    assert reverse("saml_acs", args=[saml_org.slug]) in response.content.decode()
