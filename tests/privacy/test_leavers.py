"""Leavers: a full participant file shows who is no longer in it; an admin deactivates them in
one step, they lose access at once and their groups are told (through the outbox, real SMTP)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peercoach.lib.models import UserSession
from peercoach.notifications import outbox
from peercoach.organisations.models import Person, Role
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(org):
    people = {
        "admin": factories.make_person(org, "Ada Admin", role=Role.ADMIN, email="ada@x.nl"),
        "lead": factories.make_person(org, "Lee Lead", role=Role.LEAD, email="lee@x.nl"),
        "stays": factories.make_person(org, "Sam Stays", email="sam@x.nl"),
        "partner": factories.make_person(org, "Pia Partner", email="pia@x.nl"),
        "leaves": factories.make_person(org, "Lou Leaves", email="lou@x.nl"),
        "also_leaves": factories.make_person(org, "Len Later", email="len@x.nl"),
    }
    program = factories.make_program(org, leads=[people["lead"]])
    factories.make_group(program, [people["leaves"], people["partner"]], name="Pair L")
    factories.make_group(program, [people["stays"], people["also_leaves"]], name="Pair S")
    return people


# The full list of participants today: Lou and Len are not in it any more.
FILE = "email,name,department\nsam@x.nl,Sam Stays,Sales\npia@x.nl,Pia Partner,Sales\n"


def _preview(client):
    client.post(
        reverse("participants:upload"),
        {"file": SimpleUploadedFile("people.csv", FILE.encode())},
    )
    return client.get(reverse("participants:preview"))


def test_it_lists_leavers_and_deactivates_them_in_one_step(team, smtp):
    admin = signed_in_client(team["admin"])
    leaver = signed_in_client(team["leaves"])
    assert leaver.get(reverse("home")).status_code == 200
    page = _preview(admin).content.decode()
    assert "2 participants are not in this file" in page
    assert "Lou Leaves" in page and "Len Later" in page
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
    assert set(told) == {"pia@x.nl", "sam@x.nl"}
    text = told["pia@x.nl"].get_body(("plain",)).get_content()
    assert "Lou Leaves no longer takes part in your group Pair L" in text
    assert "Len" not in text
    assert not [
        m
        for m in smtp.messages
        if m["To"] in ("lou@x.nl", "len@x.nl") and "change in your group" in m["Subject"]
    ]
    # The import itself is still waiting for confirmation, and the list is now empty.
    assert "not in this file" not in admin.get(reverse("participants:preview")).content.decode()


def test_it_refuses_when_the_list_changed_and_leads_cannot_deactivate(team, smtp):
    admin = signed_in_client(team["admin"])
    page = _preview(admin).content.decode()
    upload = page.split('name="upload" value="', 1)[1].split('"', 1)[0]
    response = admin.post(
        reverse("privacy:deactivate_leavers"),
        {"upload": upload, "people": str(team["leaves"].pk), "confirm": "on"},
        follow=True,
    )
    assert "changed; check it again" in response.content.decode()
    assert Person.objects.filter(is_active=False).count() == 0

    lead = signed_in_client(team["lead"])
    lead_page = _preview(lead).content.decode()
    assert "not in this file" not in lead_page
    response = lead.post(
        reverse("privacy:deactivate_leavers"),
        {"upload": upload, "people": str(team["leaves"].pk), "confirm": "on"},
    )
    assert response.status_code == 404
    assert Person.objects.filter(is_active=False).count() == 0


def test_a_file_with_a_problem_lists_no_leavers(team):
    admin = signed_in_client(team["admin"])
    assert "2 participants are not in this file" in _preview(admin).content.decode()
    admin.post(reverse("participants:cancel"))
    admin.post(
        reverse("participants:upload"),
        {"file": SimpleUploadedFile("people.csv", (FILE + "not-an-email,Bad\n").encode())},
    )
    page = admin.get(reverse("participants:preview")).content.decode()
    assert "not in this file" not in page
