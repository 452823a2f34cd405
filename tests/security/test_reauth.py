"""Sensitive changes ask for the password again once it is older than REAUTH_MINUTES."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from peercoach.organisations.models import Role
from peercoach.organisations.reauth import PASSWORD_AT
from tests.authorization.test_chained_attacks import person_form_data
from tests.cast import speaking
from tests.factories import PASSWORD


@pytest.fixture
def org(cast):
    return cast.organisation


@pytest.fixture
def admin(cast):
    return speaking(cast.admin, "en")


@pytest.fixture
def member(cast):
    return speaking(cast.member, "en")


def client_with_password_age(person, seconds: int) -> Client:
    client = Client()
    client.force_login(person.user)
    session = client.session
    session[PASSWORD_AT] = time.time() - seconds
    session.save()
    return client


def hidden_fields(page: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def test_a_role_change_asks_for_the_password_and_keeps_what_was_typed(admin, member, settings):
    client = client_with_password_age(admin, settings.REAUTH_MINUTES * 60 + 5)
    url = reverse("people:edit", args=[member.pk])
    posted = person_form_data(member, role=Role.LEAD, job_title="Team lead North")
    page = client.post(url, posted)
    body = page.content.decode()
    assert page.status_code == 200 and "Confirm your password" in body
    member.refresh_from_db()
    assert member.role == Role.PARTICIPANT and member.job_title != "Team lead North"
    carried = hidden_fields(body)
    assert carried["role"] == Role.LEAD and carried["job_title"] == "Team lead North"

    wrong = client.post(url, {**carried, "reauth_password": "not-it"})
    assert wrong.status_code == 403 and "That password is not right" in wrong.content.decode()
    member.refresh_from_db()
    assert member.role == Role.PARTICIPANT
    assert hidden_fields(wrong.content.decode())["job_title"] == "Team lead North"

    right = client.post(url, {**carried, "reauth_password": PASSWORD})
    assert right.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.job_title) == (Role.LEAD, "Team lead North")
    # Fresh now: the next sensitive change goes straight through.
    again = client.post(url, person_form_data(member, role=Role.PARTICIPANT))
    assert again.status_code == 302


def test_a_recent_password_is_enough(admin, member):
    client = client_with_password_age(admin, 60)
    response = client.post(
        reverse("people:edit", args=[member.pk]), person_form_data(member, role=Role.LEAD)
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.LEAD


def test_an_email_change_and_the_organisation_settings_ask_too(admin, member, org, settings):
    client = client_with_password_age(admin, settings.REAUTH_MINUTES * 60 + 5)
    page = client.post(
        reverse("people:edit", args=[member.pk]),
        person_form_data(member, email="mo.elsewhere@example.com"),
    )
    assert "Confirm your password" in page.content.decode()
    member.refresh_from_db()
    assert member.email != "mo.elsewhere@example.com"

    settings_page = client.get(reverse("organisation_settings"))
    assert settings_page.status_code == 200  # reading needs no password
    form = client.post(
        reverse("organisation_settings"), {"name": "Renamed", "default_language": "en"}
    )
    assert "Confirm your password" in form.content.decode()
    org.refresh_from_db()
    assert org.name == "Org A"


def test_other_edits_need_no_password(admin, member, settings):
    client = client_with_password_age(admin, settings.REAUTH_MINUTES * 60 + 5)
    response = client.post(
        reverse("people:edit", args=[member.pk]), person_form_data(member, job_title="Analyst")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.job_title == "Analyst"


def test_the_page_speaks_dutch(admin, member, settings):
    admin.preferred_language = "nl"
    admin.save()
    client = client_with_password_age(admin, settings.REAUTH_MINUTES * 60 + 5)
    page = client.post(
        reverse("people:edit", args=[member.pk]), person_form_data(member, role=Role.LEAD)
    )
    assert "Bevestig je wachtwoord" in page.content.decode()


def test_someone_who_may_not_change_it_gets_404_not_the_password_page(cast, member, settings):
    lead = cast.lead
    client = client_with_password_age(lead, settings.REAUTH_MINUTES * 60 + 5)
    assert client.post(reverse("organisation_settings"), {"name": "X"}).status_code == 404
