"""Single sign-on tried as an attacker would: an organisation's admin runs the identity provider.

Organisation A's provider (the real one on loopback) may assert any address it likes. It must
never sign anyone into what another organisation holds: an account that organisation B uses
is not handed to A's provider, and a session A's provider signed in acts in A only.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from peercoach.organisations.current import SESSION_KEY as CURRENT_PERSON_KEY
from peercoach.organisations.models import Person
from tests import factories
from tests.sso.test_oidc import english_client, sign_in_with_sso

pytestmark = pytest.mark.django_db


def test_a_person_added_with_another_organisations_address_does_not_get_that_account(
    sso_org, provider
):
    other = factories.make_organisation("Beta", default_language="en")
    bob = factories.make_person(other, "Bob Beta")
    # A's admin adds someone with Bob's address and has A's provider vouch for it.
    decoy = factories.make_person(sso_org, "Not Bob", email=bob.email, with_user=False)
    provider.knobs.email = bob.email
    client = english_client()
    response = sign_in_with_sso(client, sso_org)
    assert response.status_code == 403
    assert "already has a peercoach account with another organisation" in response.content.decode()
    assert SESSION_KEY not in client.session
    decoy.refresh_from_db()
    assert decoy.user is None


def test_a_session_from_one_organisations_provider_acts_in_that_organisation_only(
    sso_org, provider
):
    other = factories.make_organisation("Beta", default_language="en")
    in_beta = factories.make_person(other, "Bea Both")
    in_acme = factories.make_person(sso_org, "Bea Both", email=in_beta.email, with_user=False)
    Person.objects.filter(pk=in_acme.pk).update(user=in_beta.user)
    provider.knobs.email = in_beta.email
    client = english_client()
    assert sign_in_with_sso(client, sso_org)["Location"] == reverse("home")
    assert client.session[CURRENT_PERSON_KEY] == in_acme.pk
    client.post(reverse("switch_organisation"), {"person": in_beta.pk})
    assert client.session[CURRENT_PERSON_KEY] == in_acme.pk
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Beta" not in home.content.decode()
    # Signing in with the password (Beta's way) gives both organisations again.
    by_password = english_client()
    by_password.post(reverse("login"), {"username": in_beta.email, "password": factories.PASSWORD})
    by_password.post(reverse("switch_organisation"), {"person": in_beta.pk})
    assert by_password.session[CURRENT_PERSON_KEY] == in_beta.pk
