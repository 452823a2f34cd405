"""Participants tell matching about themselves; the home page walks a newcomer through it."""

from __future__ import annotations

from django.urls import reverse

from peercoach.organisations.models import Role
from tests import factories
from tests.conftest import signed_in_client


def test_a_newcomer_is_shown_how_it_works_until_they_fill_in_their_profile(org):
    person = factories.make_person(org, "Nina New", preferred_language="nl")
    client = signed_in_client(person)
    home = client.get(reverse("home")).content.decode()
    assert "Aan de slag" in home and "Wat je in een sessie schrijft, blijft in je groep." in home

    response = client.post(
        reverse("profile"),
        {
            "preferred_language": "en",
            "time_zone": "Europe/Amsterdam",
            "languages": "NL, en",
            "skills_offered": "presenting, Excel",
            "skills_wanted": "giving feedback; saying no",
            "experience_years": "3",
            "role_preference": "both",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Your profile is saved." in body  # already in the language just chosen
    assert "Getting started" not in body
    person.refresh_from_db()
    assert person.languages == ["nl", "en"]
    assert person.skills_offered == ["presenting", "Excel"]
    assert person.skills_wanted == ["giving feedback", "saying no"]
    assert person.profile_confirmed_at is not None


def test_bad_input_keeps_what_was_typed_and_says_why_in_dutch(org):
    person = factories.make_person(org, "Nina New", preferred_language="nl")
    response = signed_in_client(person).post(
        reverse("profile"),
        {
            "preferred_language": "nl",
            "time_zone": "Mars/Olympus",
            "languages": "nederlands",
            "skills_offered": "presenteren",
            "role_preference": "both",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "“Mars/Olympus” is geen bekende tijdzone" in body
    assert "“nederlands” is geen taalcode van twee letters" in body
    assert 'value="presenteren"' in body
    person.refresh_from_db()
    assert person.profile_confirmed_at is None and person.skills_offered == []


def test_nobody_changes_their_own_role_manager_or_email_here(org):
    boss = factories.make_person(org, "Bo Boss")
    person = factories.make_person(org, "Nina New", manager=boss)
    signed_in_client(person).post(
        reverse("profile"),
        {
            "preferred_language": "en",
            "role_preference": "both",
            "role": Role.ADMIN,
            "manager": "",
            "email": "someone.else@example.org",
            "name": "Changed",
        },
    )
    person.refresh_from_db()
    assert (person.role, person.manager, person.name) == (Role.PARTICIPANT, boss, "Nina New")
    assert person.email != "someone.else@example.org"


def test_the_profile_has_the_interface_language_as_a_normal_field(org):
    person = factories.make_person(org, "Nina New", preferred_language="nl")
    html = signed_in_client(person).get(reverse("profile")).content.decode()
    field = html.split('name="preferred_language"', 1)[1].split("</select>", 1)[0]
    assert 'value="nl" selected' in field and 'value="en"' in field
