"""People who were added without an account get in through a link to choose their password."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from peercoach.notifications import outbox
from peercoach.organisations.accounts import account_with_address
from peercoach.programs.models import ProgramStatus
from peercoach.running import actions
from tests import factories
from tests.conftest import signed_in_client

# An invitation's link also names the membership it joins (`?join=…`).
LINK = re.compile(r"https?://[^\s\"<>]+/password/[^\s\"<>]+/[^\s\"<>?]+/(?:\?join=[^\s\"<>]+)?")


def link_in(message) -> str:
    (link,) = set(LINK.findall(message.get_body(("plain",)).get_content()))
    return (
        "/" + link.split("://", 1)[1].split("/", 1)[1]
    )  # the path: the test client's host differs


def choose_password(client, link: str, password: str):
    form_page = client.get(link, follow=True)
    assert "new_password1" in form_page.content.decode()
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


@pytest.fixture
def org(cast):
    """This module's organisation is the shared cast's (Org A)."""
    return cast.organisation


@pytest.fixture
def imported(org):
    """Someone added by the import to the cast's organisation: a person, no account (everyone
    in the cast has one)."""
    return factories.make_person(org, "Ilse Import", with_user=False, preferred_language="nl")


def test_an_invitation_lets_someone_without_an_account_choose_a_password(org, imported, smtp):
    program = factories.make_program(org, name="Duo's", status=ProgramStatus.RUNNING)
    actions.do_enrol(program, [imported])
    outbox.deliver_all("test")
    (invitation,) = smtp.messages
    link = link_in(invitation)
    assert "Kies je wachtwoord" in invitation.get_body(("html",)).get_content()

    client = signed_in_client(None)
    response = choose_password(client, link, "Koffie-met-collega's-42")
    assert "Je wachtwoord is opgeslagen" in response.content.decode()
    assert "Ilse Import" in client.get(reverse("home")).content.decode()  # signed in

    imported.refresh_from_db()
    assert imported.user.check_password("Koffie-met-collega's-42")
    fresh = signed_in_client(None)
    signed_in = fresh.post(
        reverse("login"),
        {"username": imported.email.upper(), "password": "Koffie-met-collega's-42"},
    )
    assert signed_in.status_code == 302
    # The link worked once.
    again = signed_in_client(None).get(link, follow=True).content.decode()
    assert "Deze link werkt niet meer" in again


def test_someone_with_a_password_is_invited_to_sign_in(cast, org, smtp):
    person = cast.fellow  # English, the organisation's language
    program = factories.make_program(org, status=ProgramStatus.RUNNING)
    actions.do_enrol(program, [person])
    outbox.deliver_all("test")
    (invitation,) = smtp.messages
    text = invitation.get_body(("plain",)).get_content()
    assert "Sign in to get started:" in text and not LINK.search(text)


def test_forgot_password_sends_one_link_and_tells_strangers_nothing(cast, imported, smtp):
    other_org = cast.other_organisation
    factories.make_person(other_org, "Ilse Import", email=imported.email, with_user=False)
    client = signed_in_client(None)
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page

    for email in (imported.email.upper(), "nobody@example.org"):
        response = client.post(reverse("password_reset"), {"email": email}, follow=True)
        assert "Check je e-mail" in response.content.decode()
    assert smtp.messages == []  # the worker sends it
    outbox.deliver_all("test")
    (message,) = smtp.messages
    assert message["To"] == imported.email
    assert message["Subject"] == "Kies je peercoach-wachtwoord"

    response = choose_password(client, link_in(message), "Een-goed-wachtwoord-7")
    assert response.status_code == 200
    account = account_with_address(imported.email)
    assert account.check_password("Een-goed-wachtwoord-7")
    # The link proved the address, not that both organisations' records are wanted: the holder
    # accepts each of them.
    people = imported.__class__.objects.filter(email=imported.email)
    assert not people.filter(user__isnull=False).exists()
    waiting = client.get(reverse("home")).content.decode()
    assert "Org A" in waiting and "Org B" in waiting
    for person in people:
        client.post(reverse("membership_accept", args=[person.pk]))
    assert list(people.values_list("user", flat=True).distinct()) == [account.pk]


def test_a_weak_password_is_refused_with_a_translated_reason(imported, smtp):
    signed_in_client(None).post(reverse("password_reset"), {"email": imported.email})
    outbox.deliver_all("test")
    (message,) = smtp.messages
    response = choose_password(signed_in_client(None), link_in(message), "1234")
    body = response.content.decode()
    assert "new_password1" in body  # still on the form
    assert "Dit wachtwoord is te kort: gebruik minstens 8 tekens." in body
    assert account_with_address(imported.email) is None  # no account until a password is chosen


def test_no_link_for_someone_who_is_no_longer_active(imported, smtp):
    imported.is_active = False
    imported.save()
    signed_in_client(None).post(reverse("password_reset"), {"email": imported.email})
    outbox.deliver_all("test")
    assert smtp.messages == []
