"""A first real organisation without the demo: a command, an emailed link, a settings page."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from peercoach.organisations.models import Organisation, Person, Role
from tests import factories
from tests.conftest import signed_in_client

LINK = re.compile(r"https?://[^\s\"<>]+/password/[^\s\"<>]+/[^\s\"<>?]+/(?:\?join=[^\s\"<>]+)?")


def test_create_organisation_emails_the_admin_a_link_that_lets_them_in(db, smtp, settings):
    settings.SITE_URL = "http://127.0.0.1:8233"
    call_command(
        "create_organisation",
        "Zorggroep Noord",
        "--admin",
        "Beheer@Noord.example",
        "--language",
        "nl",
        "--time-zone",
        "Europe/Amsterdam",
    )
    organisation = Organisation.objects.get(name="Zorggroep Noord")
    assert (organisation.default_language, organisation.time_zone) == ("nl", "Europe/Amsterdam")
    admin = Person.objects.get(organisation=organisation)
    assert admin.role == Role.ADMIN and admin.email == "beheer@noord.example"

    (message,) = smtp.messages
    assert message["To"] == "beheer@noord.example"
    assert "Zorggroep Noord" in message["Subject"] and "wachtwoord" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    (link,) = set(LINK.findall(text))
    assert link.startswith("http://127.0.0.1:8233/password/")

    client = signed_in_client(None)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Noord-koffie-2027", "new_password2": "Noord-koffie-2027"},
    )
    home = client.get(reverse("home")).content.decode()
    assert "Organisatie" in home  # signed in, as the admin, in Dutch
    assert client.get(reverse("organisation_settings")).status_code == 200


def test_create_organisation_refuses_bad_input_and_duplicates(db, smtp):
    with pytest.raises(CommandError):
        call_command("create_organisation", "X", "--admin", "not-an-email")
    with pytest.raises(CommandError):
        call_command("create_organisation", "X", "--admin", "a@x.example", "--time-zone", "Mars")
    call_command("create_organisation", "X", "--admin", "a@x.example", "--language", "en")
    with pytest.raises(CommandError):
        call_command("create_organisation", "x", "--admin", "b@x.example")
    assert Organisation.objects.filter(name__iexact="x").count() == 1


def test_the_admin_changes_name_language_and_time_zone_on_a_settings_page(org):
    admin = factories.make_person(org, "Ada Admin", role=Role.ADMIN, preferred_language="en")
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    url = reverse("organisation_settings")
    assert signed_in_client(lead).get(url).status_code == 404
    client = signed_in_client(admin)
    assert 'href="/organisation/settings/"' in client.get(reverse("home")).content.decode()
    bad = client.post(url, {"name": "Acme", "default_language": "en", "time_zone": "Nowhere"})
    assert bad.status_code == 200 and "Nowhere" in bad.content.decode()
    client.post(url, {"name": "Acme BV", "default_language": "en", "time_zone": "Europe/London"})
    org.refresh_from_db()
    assert (org.name, org.default_language, org.time_zone) == ("Acme BV", "en", "Europe/London")
