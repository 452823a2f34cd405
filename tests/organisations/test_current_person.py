"""`request.person` is a `Person` or absent, never None (CurrentPersonMiddleware)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from peercoach.organisations.models import Person
from peercoach.organisations.sessions import FIRST_SEEN
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def test_an_anonymous_request_has_no_person_and_pages_still_answer():
    response = Client().get(reverse("privacy:page"))
    assert response.status_code == 200
    assert not hasattr(response.wsgi_request, "person")
    assert Client().get(reverse("home")).status_code == 302  # to the sign-in page


def test_a_superuser_without_a_membership_has_no_person_and_gets_the_no_organisation_page():
    admin = get_user_model().objects.create_superuser("root@example.org", "root@example.org", "x")
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("programs:list"))
    assert not hasattr(response.wsgi_request, "person")
    assert response.status_code == 403
    assert "organisations/no_membership.html" in [t.name for t in response.templates]
    assert client.get(reverse("privacy:page")).status_code == 200


def test_a_member_has_their_person(org):
    mia = factories.make_person(org, "Mia Member")
    response = signed_in_client(mia).get(reverse("privacy:page"))
    assert type(response.wsgi_request.person) is Person
    assert response.wsgi_request.person == mia


def test_someone_signed_out_for_an_old_session_has_no_person_in_that_request(org):
    mia = factories.make_person(org, "Mia Member")
    client = signed_in_client(mia)
    session = client.session
    session[FIRST_SEEN] = 1.0  # signed in long ago: too old
    session.save()
    response = client.get(reverse("privacy:page"))
    assert not hasattr(response.wsgi_request, "person")
