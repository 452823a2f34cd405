"""The privacy page states what the settings enforce, in Dutch and English (issue 15)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def page(client, language: str = "en") -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("privacy:page"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_it_is_public_and_linked_from_every_page_including_sign_in(client):
    assert reverse("privacy:page") in client.get(reverse("login")).content.decode()
    assert "Who sees it" in page(client)


def test_it_states_the_default_settings(client):
    text = page(client)
    assert "only when at least 5 people take part" in text
    assert "after 8 hours without activity" in text
    assert "In any case you are signed out 14 days after you signed in" in text
    assert "works once, for 14 days" in text
    assert "at most 5.0 MB" in text


def test_it_changes_when_the_settings_change(client, settings):
    settings.REPORTS_MINIMUM_GROUP = 7
    settings.SESSION_IDLE_SECONDS = 3600
    settings.SESSION_ABSOLUTE_SECONDS = 3 * 86400
    settings.LIBRARY_MAX_FILE_BYTES = 2 * 1024 * 1024
    text = page(client)
    assert "only when at least 7 people take part" in text
    assert "once at least 7 people answered" in text
    assert "after 1 hour without activity" in text
    assert "In any case you are signed out 3 days after you signed in" in text
    assert "at most 2.0 MB" in text
    assert "at least 5 people" not in text


def test_it_speaks_dutch(client, settings):
    settings.REPORTS_MINIMUM_GROUP = 6
    text = page(client, "nl")
    assert "Wie ziet het" in text
    assert "minstens 6 mensen" in text
    assert "na 8 uur zonder activiteit" in text


def test_it_shows_to_signed_in_people_too(org):
    from tests import factories

    person = factories.make_person(org, "Pia")
    assert "Who sees it" in signed_in_client(person).get(reverse("privacy:page")).content.decode()
