"""Leavers: a full participant file shows who is no longer in it; an admin deactivates them in
one step, they lose access at once and their groups are told (through the outbox, real SMTP)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peercoach.lib.models import UserSession
from peercoach.notifications import outbox
from peercoach.organisations.models import Person
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(cast):
    """The cast: the member leaves Pair M (the fellow stays), the other partner leaves Pair O
    (the other member stays); the manager stays too."""
    return {
        "admin": cast.admin,
        "lead": cast.lead,
        "manager": cast.manager,
        "stays": cast.other_member,
        "partner": cast.fellow,
        "leaves": cast.member,
        "also_leaves": cast.other_partner,
    }


def full_file(team) -> str:
    """The full list of participants today: the two leavers are not in it any more."""
    rows = [f"{team[key].email},{team[key].name},Sales" for key in ("stays", "partner", "manager")]
    return "email,name,department\n" + "".join(f"{row}\n" for row in rows)


def _preview(client, team):
    client.post(
        reverse("participants:upload"),
        {"file": SimpleUploadedFile("people.csv", full_file(team).encode())},
    )
    return client.get(reverse("participants:preview"))


def test_it_lists_leavers_and_deactivates_them_in_one_step(team, smtp):
    admin = signed_in_client(team["admin"])
    leaver = signed_in_client(team["leaves"])
    assert leaver.get(reverse("home")).status_code == 200
    page = _preview(admin, team).content.decode()
    assert "2 participants are not in this file" in page
    assert "Mia Member" in page and "Otto Partner" in page
    assert "Lee Lead" not in page.split("not in this file", 1)[1]  # leads are not participants
    form = page.split(f'action="{reverse("privacy:deactivate_leavers")}"', 1)[1]
    people = form.split('name="people" value="', 1)[1].split('"', 1)[0]
    upload = form.split('name="upload" value="', 1)[1].split('"', 1)[0]

    response = admin.post(
        reverse("privacy:deactivate_leavers"),
        {"upload": upload, "people": people, "confirm": "on"},
        follow=True,
    )

    assert "2 people were deactivated; their groups are told." in response.content.decode()
    assert not Person.objects.get(pk=team["leaves"].pk).is_active
    assert not Person.objects.get(pk=team["also_leaves"].pk).is_active
    assert Person.objects.get(pk=team["stays"].pk).is_active
    assert not UserSession.objects.filter(user_id=team["leaves"].user_id).exists()
    assert leaver.get(reverse("home")).status_code != 200  # access lost at once
    outbox.deliver_all("leavers-test")
    told = {
        message["To"]: message
        for message in smtp.messages
        if "change in your group" in message["Subject"]
    }
    assert set(told) == {team["partner"].email, team["stays"].email}
    text = told[team["partner"].email].get_body(("plain",)).get_content()
    assert "Mia Member no longer takes part in your group Pair M" in text
    assert "Otto" not in text
    leavers = (team["leaves"].email, team["also_leaves"].email)
    assert not [
        m for m in smtp.messages if m["To"] in leavers and "change in your group" in m["Subject"]
    ]
    # The import itself is still waiting for confirmation, and the list is now empty.
    assert "not in this file" not in admin.get(reverse("participants:preview")).content.decode()


def test_it_refuses_when_the_list_changed_and_leads_cannot_deactivate(team, smtp):
    admin = signed_in_client(team["admin"])
    page = _preview(admin, team).content.decode()
    upload = page.split('name="upload" value="', 1)[1].split('"', 1)[0]
    response = admin.post(
        reverse("privacy:deactivate_leavers"),
        {"upload": upload, "people": str(team["leaves"].pk), "confirm": "on"},
        follow=True,
    )
    assert "changed; check it again" in response.content.decode()
    assert Person.objects.filter(is_active=False).count() == 1  # the cast's former member

    lead = signed_in_client(team["lead"])
    lead_page = _preview(lead, team).content.decode()
    assert "not in this file" not in lead_page
    response = lead.post(
        reverse("privacy:deactivate_leavers"),
        {"upload": upload, "people": str(team["leaves"].pk), "confirm": "on"},
    )
    assert response.status_code == 404
    assert Person.objects.filter(is_active=False).count() == 1  # the cast's former member


def test_a_file_with_a_problem_lists_no_leavers(team):
    admin = signed_in_client(team["admin"])
    assert "2 participants are not in this file" in _preview(admin, team).content.decode()
    admin.post(reverse("participants:cancel"))
    broken = full_file(team) + "not-an-email,Bad\n"
    admin.post(
        reverse("participants:upload"),
        {"file": SimpleUploadedFile("people.csv", broken.encode())},
    )
    page = admin.get(reverse("participants:preview")).content.decode()
    assert "not in this file" not in page
