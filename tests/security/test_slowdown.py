"""Slowed before locked: after a few failed sign-ins, the next attempt must wait a growing while.

Real requests through the sign-in page and the Django admin (django-axes counts), with the
slowdown's seconds made small by a settings override; the waits are real (a few seconds).
"""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _small_seconds(settings):
    settings.SIGNIN_SLOWDOWN_AFTER = 3
    settings.SIGNIN_SLOWDOWN_SECONDS = 1


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("login"), {"username": email, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def wait_asked(response) -> int:
    assert response.status_code == 429, response.status_code
    found = re.search(r"Please wait (\d+) seconds? and try again", response.content.decode())
    assert found, response.content.decode()
    assert response["Retry-After"] == found.group(1)
    return int(found.group(1))


def test_after_three_failures_even_the_right_password_waits_a_growing_while(org):
    alice = factories.make_person(org, "Alice Target", preferred_language="en")
    client = Client(REMOTE_ADDR="203.0.113.30", HTTP_ACCEPT_LANGUAGE="en")
    for n in range(3):
        assert sign_in(client, alice.email, f"guess-{n}").status_code == 200
    first = wait_asked(sign_in(client, alice.email, PASSWORD))
    assert not signed_in(client)
    second = wait_asked(sign_in(client, alice.email, PASSWORD))
    assert not signed_in(client)
    assert (first, second) == (2, 4)  # each attempt in the cool-off doubles it
    time.sleep(second + 0.2)
    assert sign_in(client, alice.email, PASSWORD).status_code == 302 and signed_in(client)


def test_a_wait_is_the_accounts_from_any_address_and_the_addresss_for_any_account(org):
    alice = factories.make_person(org, "Alice Target", preferred_language="en")
    bob = factories.make_person(org, "Bob Bystander", preferred_language="en")
    attacker = Client(REMOTE_ADDR="203.0.113.31", HTTP_ACCEPT_LANGUAGE="en")
    for n in range(3):
        sign_in(attacker, alice.email, f"guess-{n}")
    # The account waits from another address too, the address for another account too.
    elsewhere = Client(REMOTE_ADDR="198.51.100.31", HTTP_ACCEPT_LANGUAGE="en")
    wait_asked(sign_in(elsewhere, alice.email, PASSWORD))
    wait_asked(sign_in(attacker, bob.email, PASSWORD))
    # Someone else, elsewhere, is not slowed.
    colleague = Client(REMOTE_ADDR="192.0.2.31")
    assert sign_in(colleague, bob.email, PASSWORD).status_code == 302


def test_two_failures_are_not_slowed(org):
    alice = factories.make_person(org, "Alice Target", preferred_language="en")
    client = Client(REMOTE_ADDR="203.0.113.32")
    for n in range(2):
        sign_in(client, alice.email, f"typo-{n}")
    assert sign_in(client, alice.email, PASSWORD).status_code == 302


def test_the_wait_message_is_translated(org):
    alice = factories.make_person(org, "Alice Target")
    client = Client(REMOTE_ADDR="203.0.113.33", HTTP_ACCEPT_LANGUAGE="nl")
    for n in range(3):
        sign_in(client, alice.email, f"guess-{n}")
    page = sign_in(client, alice.email, PASSWORD)
    assert page.status_code == 429
    assert re.search(r"Wacht \d+ seconden en probeer het opnieuw", page.content.decode())


def test_the_django_admin_login_is_slowed_too(db):
    get_user_model().objects.create_superuser("root@example.com", "root@example.com", PASSWORD)
    client = Client(REMOTE_ADDR="203.0.113.34", HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("admin:login")
    for n in range(3):
        client.post(url, {"username": "root@example.com", "password": f"guess-{n}"})
    wait_asked(client.post(url, {"username": "root@example.com", "password": PASSWORD}))
    assert not signed_in(client)
