"""Someone in two organisations (a consultant, a trainer) switches between them."""

from __future__ import annotations

from django.urls import reverse

from peercoach.organisations.models import Role
from tests import factories
from tests.conftest import signed_in_client


def test_someone_in_two_organisations_switches_between_them(org):
    consultant = factories.make_person(org, "Carla Consultant", role=Role.LEAD)
    client_org = factories.make_organisation("Bakkerij Brood", default_language="nl")
    elsewhere = factories.make_person(
        client_org, "Carla Consultant", role=Role.ADMIN, with_user=False, email=consultant.email
    )
    elsewhere.user = consultant.user
    elsewhere.save()
    factories.make_person(client_org, "Bert Bakker")

    client = signed_in_client(consultant)
    home = client.get(reverse("home")).content.decode()
    assert 'id="organisation-select"' in home and "Bakkerij Brood" in home
    assert "Bert Bakker" not in client.get(reverse("people:list")).content.decode()

    response = client.post(reverse("switch_organisation"), {"person": elsewhere.pk}, follow=True)
    assert "Je werkt nu in Bakkerij Brood." in response.content.decode()
    assert "Bert Bakker" in client.get(reverse("people:list")).content.decode()


def test_nobody_switches_into_someone_elses_membership(org):
    person = factories.make_person(org, "Pia Participant")
    other_org = factories.make_organisation("Other")
    stranger = factories.make_person(other_org, "Stan Stranger")
    client = signed_in_client(person)
    assert 'id="organisation-select"' not in client.get(reverse("home")).content.decode()

    response = client.post(reverse("switch_organisation"), {"person": stranger.pk}, follow=True)
    assert "Choose one of your own organisations." in response.content.decode()
    assert client.session.get("current_person_id") is None
    response = client.post(reverse("switch_organisation"), {"person": "not-a-number"}, follow=True)
    assert response.status_code == 200
