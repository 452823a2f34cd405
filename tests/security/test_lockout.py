"""Guessing passwords, tried as an attacker would: the account and the address get locked.

Real sign-in page and Django admin through the test client, django-axes' database handler, the
outbox and a real SMTP sink. Each client comes from its own address (REMOTE_ADDR).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peercoach.notifications import outbox
from peercoach.notifications.models import Kind, OutgoingMessage
from tests.cast import speaking
from tests.factories import PASSWORD


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("login"), {"username": email, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def expire_locks() -> None:
    """The cool-off passes: every attempt is moved back beyond it."""
    from django.conf import settings

    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=long_ago)


@pytest.fixture
def alice(cast):
    """The target: the cast's member."""
    return speaking(cast.member, "en")


@pytest.fixture
def bob(cast):
    """The bystander: the cast's fellow."""
    return speaking(cast.fellow, "en")


def test_it_locks_an_account_after_repeated_wrong_passwords_and_tells_its_holder(
    alice, bob, smtp, settings
):
    attacker = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="en")
    answers = [sign_in(attacker, alice.email, f"guess-{n}").status_code for n in range(50)]
    limit, slowed = settings.SIGNIN_FAILURE_LIMIT, settings.SIGNIN_SLOWDOWN_AFTER
    assert answers[:slowed] == [200] * slowed  # the form again, "do not match"
    # Then slowed ("wait N seconds", test_slowdown.py), and each of those counts: then locked.
    assert set(answers[slowed:]) == {429}, answers
    counted = AccessAttempt.objects.filter(username=alice.email).values_list(
        "failures_since_start", flat=True
    )
    assert sum(counted) >= limit

    locked = sign_in(attacker, alice.email, PASSWORD)
    assert locked.status_code == 429 and not signed_in(attacker)
    assert "Signing in is locked for 30 minutes" in locked.content.decode()
    # Not from another address either, and not with the address typed in capitals.
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert sign_in(elsewhere, alice.email.upper(), PASSWORD).status_code == 429
    assert not signed_in(elsewhere)

    # Someone else, from their own address, is not affected.
    colleague = Client(REMOTE_ADDR="192.0.2.44")
    assert sign_in(colleague, bob.email, PASSWORD).status_code == 302 and signed_in(colleague)

    # The holder is told once, by email, through the outbox.
    outbox.deliver_all("test")
    (message,) = smtp.messages
    assert message["To"] == alice.email
    assert message["Subject"] == "Your peercoach account is locked for a while"
    text = message.get_body(("plain",)).get_content()
    assert "not even with the right password" in text and "203.0.113.7" not in text

    expire_locks()
    later = Client(REMOTE_ADDR="203.0.113.7")
    assert sign_in(later, alice.email, PASSWORD).status_code == 302 and signed_in(later)


def test_the_lock_message_is_translated(alice, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.8", HTTP_ACCEPT_LANGUAGE="nl")
    for n in range(settings.SIGNIN_FAILURE_LIMIT):
        sign_in(attacker, alice.email, f"guess-{n}")
    page = sign_in(attacker, alice.email, PASSWORD)
    assert page.status_code == 429
    assert "Inloggen is 30 minuten geblokkeerd" in page.content.decode()


def test_it_locks_an_address_that_tries_many_accounts(alice, bob, settings):
    sprayer = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(settings.SIGNIN_FAILURE_LIMIT):
        sign_in(sprayer, f"someone.{n}@example.com", "Winter2026!")
    # From that address even a right password is refused; from another, the same account works.
    assert sign_in(sprayer, bob.email, PASSWORD).status_code == 429
    assert not signed_in(sprayer)
    assert sign_in(Client(REMOTE_ADDR="192.0.2.45"), bob.email, PASSWORD).status_code == 302
    assert not OutgoingMessage.objects.filter(kind=Kind.SIGN_IN_LOCKED).exists()


def test_the_django_admin_login_is_guarded_too(db, settings):
    get_user_model().objects.create_superuser("root@example.com", "root@example.com", PASSWORD)
    attacker = Client(REMOTE_ADDR="203.0.113.10")
    url = reverse("admin:login")
    for n in range(settings.SIGNIN_FAILURE_LIMIT):
        attacker.post(url, {"username": "root@example.com", "password": f"guess-{n}"})
    right = attacker.post(url, {"username": "root@example.com", "password": PASSWORD})
    assert right.status_code == 429
    assert not signed_in(attacker)
    # The lock is the account's, whichever page it was earned on.
    assert (
        sign_in(Client(REMOTE_ADDR="192.0.2.46"), "root@example.com", PASSWORD).status_code == 429
    )


def test_a_right_password_before_the_limit_resets_the_count(alice, settings):
    settings.SIGNIN_SLOWDOWN_SECONDS = 0  # no waits between the typos (test_slowdown.py)
    client = Client(REMOTE_ADDR="192.0.2.47")
    for n in range(settings.SIGNIN_FAILURE_LIMIT - 1):
        sign_in(client, alice.email, f"typo-{n}")
    assert sign_in(client, alice.email, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert sign_in(client, alice.email, "typo-again").status_code == 200
