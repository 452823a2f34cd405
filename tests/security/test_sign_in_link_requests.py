"""'Forgot your password?' never tells whether an address is known, and is limited.

Measured before: the link was mailed inside the request (174 ms for a known address, 17 ms for
an unknown one), 15 requests sent 15 emails, and asking for an imported person created their
account. Now the request only queues an outbox row, the same work for any address.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.notifications import outbox
from peercoach.notifications.models import Kind, OutgoingMessage
from peercoach.organisations.accounts import account_with_address
from tests import factories


@pytest.fixture
def imported(cast):
    """Imported beside the cast, without an account yet (the cast's people all have one)."""
    return factories.make_person(
        cast.organisation, "Ilse Import", with_user=False, preferred_language="en"
    )


@pytest.fixture
def known(cast):
    """The cast's member, who has an account."""
    cast.member.preferred_language = "en"
    cast.member.save()
    return cast.member


def ask(client: Client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


def test_known_and_unknown_addresses_cost_the_request_the_same(known, imported, smtp):
    answers, statements = {}, {}
    for email in (known.email, imported.email, "nobody@example.org"):
        with CaptureQueriesContext(connection) as queries:
            response = ask(Client(REMOTE_ADDR="192.0.2.1"), email)
        answers[email] = (response.status_code, response["Location"])
        # The same statements, whatever the address (only the values differ).
        statements[email] = [q["sql"].split(" WHERE ")[0][:40] for q in queries.captured_queries]
    assert len(set(answers.values())) == 1
    assert len({tuple(s) for s in statements.values()}) == 1, statements
    assert not any("auth_user" in q for q in statements[known.email])  # nobody looked up
    assert smtp.messages == []  # nothing was sent inside the request
    assert OutgoingMessage.objects.filter(kind=Kind.SIGN_IN_LINK).count() == 3
    assert account_with_address(imported.email) is None  # asking created no account

    outbox.deliver_all("test")
    assert sorted(m["To"] for m in smtp.messages) == sorted([known.email, imported.email])
    assert account_with_address(imported.email) is None  # nor did sending


def test_links_per_address_are_limited_silently(known, smtp, settings):
    for n in range(15):
        response = ask(Client(REMOTE_ADDR=f"192.0.2.{n + 10}"), known.email)
        assert response.status_code == 302
    outbox.deliver_all("test")
    assert len(smtp.messages) == settings.PASSWORD_LINK_PER_ADDRESS


def test_requests_per_client_are_limited(known, settings):
    client = Client(REMOTE_ADDR="203.0.113.50", HTTP_ACCEPT_LANGUAGE="en")
    for n in range(settings.PASSWORD_LINK_PER_CLIENT):
        assert ask(client, f"person.{n}@example.org").status_code == 302
    refused = ask(client, known.email)
    assert refused.status_code == 429
    assert "Please wait an hour and try again" in refused.content.decode()
    # Another client is not affected.
    assert ask(Client(REMOTE_ADDR="203.0.113.51"), known.email).status_code == 302
    assert OutgoingMessage.objects.filter(kind=Kind.SIGN_IN_LINK).count() == (
        settings.PASSWORD_LINK_PER_CLIENT + 1
    )


def test_an_imported_persons_account_exists_only_once_the_link_is_used(imported, smtp):
    ask(Client(), imported.email)
    outbox.deliver_all("test")
    (message,) = smtp.messages
    text = message.get_body(("plain",)).get_content()
    (link,) = [line for line in text.splitlines() if "/password/new/" in line]
    path = "/" + link.strip().split("://", 1)[1].split("/", 1)[1]
    client = Client()
    form = client.get(path, follow=True)
    assert "new_password1" in form.content.decode()
    assert account_with_address(imported.email) is None  # opening it is not using it
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Lang-genoeg-wachtwoord-9", "new_password2": "Lang-genoeg-wachtwoord-9"},
    )
    assert done.status_code == 302
    account = account_with_address(imported.email)
    assert account.check_password("Lang-genoeg-wachtwoord-9")
    # Used once: the same link does not work again.
    again = Client(HTTP_ACCEPT_LANGUAGE="en").get(path, follow=True).content.decode()
    assert "new_password1" not in again and "This link no longer works" in again
