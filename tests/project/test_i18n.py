from pathlib import Path

import polib
import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import signed_in_client

ROOT = Path(__file__).resolve().parents[2] / "peercoach"
CATALOGUES = sorted(ROOT.glob("**/locale/nl/LC_MESSAGES/django.po"))


def test_it_has_catalogues():
    assert ROOT / "locale/nl/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_it_misses_no_dutch_string(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


@pytest.mark.django_db
def test_it_speaks_the_organisation_language_until_the_person_chooses():
    org = factories.make_organisation(default_language="nl")
    person = factories.make_person(org, "Anna")
    client = signed_in_client(person)
    assert "Mijn coaching" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    person.refresh_from_db()
    assert person.preferred_language == "en"
    assert "My coaching" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_it_translates_the_sign_in_error(client):
    client.cookies["django_language"] = "nl"
    response = client.post(reverse("login"), {"username": "x@example.com", "password": "nope"})
    assert "horen niet bij elkaar" in response.content.decode()


@pytest.mark.django_db
def test_it_ignores_an_unsafe_next_url(client):
    response = client.post(
        reverse("set_language"), {"language": "nl", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
