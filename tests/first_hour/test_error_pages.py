"""With DEBUG off, error pages are the product's: its layout, the visitor's language, a way back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.lib import errors
from tests import factories
from tests.conftest import signed_in_client


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.first_hour.error_urls"


def assert_product_page(response, status: int, *texts: str) -> None:
    body = response.content.decode()
    assert response.status_code == status
    assert 'class="site-header"' in body and 'href="/"' in body  # layout, a way home
    for text in texts:
        assert text in body, text


def test_a_404_in_dutch_says_the_page_does_not_exist_or_is_private(org):
    person = factories.make_person(org, "Noor", preferred_language="nl")
    client = signed_in_client(person)
    response = client.get("/no-such-page/")
    assert_product_page(
        response, 404, 'lang="nl"', "Pagina niet gevonden", "privé", "Mijn coaching"
    )
    # A group's session of someone else: the same honest page, nothing revealed.
    other = factories.make_group(
        factories.make_program(org), [factories.make_person(org), factories.make_person(org)]
    )
    session = factories.make_session(other)
    response = client.get(reverse("coaching:session", args=[session.pk]))
    assert_product_page(response, 404, "Pagina niet gevonden")


def test_a_404_in_english_for_an_english_speaker(org):
    person = factories.make_person(org, "Ellen", preferred_language="en")
    response = signed_in_client(person).get("/no-such-page/")
    assert_product_page(response, 404, "Page not found", "private to that group")


def test_403_400_and_csrf_failures_are_product_pages(org):
    person = factories.make_person(org, "Noor", preferred_language="nl")
    client = signed_in_client(person)
    assert_product_page(client.get("/test-errors/403/"), 403, "Niet toegestaan")
    assert_product_page(client.get("/test-errors/400/"), 400, 'lang="nl"')
    strict = Client(enforce_csrf_checks=True)
    strict.cookies["django_language"] = "nl"
    response = strict.post(reverse("login"), {"username": "x@example.com", "password": "x"})
    assert_product_page(response, 403, "Het formulier was verlopen")


def test_a_500_is_a_product_page_in_the_visitors_language(org):
    person = factories.make_person(org, "Noor", preferred_language="nl")
    client = signed_in_client(person)
    client.raise_request_exception = False
    response = client.get("/test-errors/500/")
    assert_product_page(response, 500, 'lang="nl"', "Er ging iets mis")


def test_the_500_page_needs_no_database_and_no_person(db):
    request = RequestFactory().get("/")  # no user, no person, no session
    with CaptureQueriesContext(connection) as queries:
        response = errors.server_error(request)
    assert response.status_code == 500 and len(queries) == 0
    assert 'class="site-header"' in response.content.decode()


def test_the_500_page_survives_its_own_template_failing(settings, db):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}
    ]  # no templates at all
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()
