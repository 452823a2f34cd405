"""The organisation admin's sign-in settings, and what "require single sign-on" refuses."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from peercoach.identity.models import GOOGLE_DISCOVERY_URL, SignInPolicy
from peercoach.notifications import outbox
from peercoach.notifications.models import OutgoingMessage
from peercoach.organisations.accounts import set_password_path
from peercoach.organisations.models import Role
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def english_client() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


SETTINGS = {
    "sso_enabled": "on",
    "protocol": "oidc",
    "preset": "generic",
    "discovery_url": "https://login.example.org/.well-known/openid-configuration",
    "client_id": "peercoach",
    "client_secret": "s3cret",
}


def test_the_admin_configures_it_on_the_settings_page(org):
    admin = factories.make_person(org, role=Role.ADMIN)
    client = signed_in_client(admin)
    page = client.get(reverse("organisation_settings")).content.decode()
    assert reverse("sign_in_policy") in page and 'name="discovery_url"' in page
    response = client.post(reverse("sign_in_policy"), {**SETTINGS, "require_sso": "on"})
    assert response["Location"] == reverse("organisation_settings")
    policy = SignInPolicy.objects.get(organisation=org)
    assert policy.sso_ready and policy.require_sso and policy.client_secret == "s3cret"
    # The secret is never shown again, and an empty field keeps it.
    assert "s3cret" not in client.get(reverse("organisation_settings")).content.decode()
    client.post(reverse("sign_in_policy"), {**SETTINGS, "client_secret": ""})
    policy.refresh_from_db()
    assert policy.client_secret == "s3cret" and not policy.require_sso


def test_it_fills_in_google_and_asks_entra_for_the_tenant(org):
    client = signed_in_client(factories.make_person(org, role=Role.ADMIN))
    client.post(reverse("sign_in_policy"), {**SETTINGS, "preset": "google", "discovery_url": ""})
    assert SignInPolicy.objects.get(organisation=org).discovery_url == GOOGLE_DISCOVERY_URL
    response = client.post(
        reverse("sign_in_policy"), {**SETTINGS, "preset": "entra", "discovery_url": ""}
    )
    assert response.status_code == 400
    assert "login.microsoftonline.com/&lt;tenant ID&gt;" in response.content.decode()
    insecure = {**SETTINGS, "discovery_url": "http://idp.example.org/.well-known/x"}
    assert client.post(reverse("sign_in_policy"), insecure).status_code == 400
    saml = {"sso_enabled": "on", "protocol": "saml", "saml_sso_url": "https://idp.example.org/"}
    response = client.post(reverse("sign_in_policy"), saml)
    assert response.status_code == 400
    assert "from your identity provider&#x27;s metadata" in response.content.decode()


def test_only_the_admin_changes_it(org):
    lead = factories.make_person(org, role=Role.LEAD)
    response = signed_in_client(lead).post(reverse("sign_in_policy"), SETTINGS)
    assert response.status_code in (403, 404)
    assert not SignInPolicy.objects.exists()


def require_sso(org) -> None:
    SignInPolicy.objects.create(
        organisation=org,
        require_sso=True,
        **{k: v for k, v in SETTINGS.items() if k != "sso_enabled"},
        sso_enabled=True,
    )


def test_required_sso_refuses_password_sign_in_with_a_reason(org):
    person = factories.make_person(org)
    require_sso(org)
    client = english_client()
    response = client.post(
        reverse("login"), {"username": person.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert "signs you in with single sign-on, not with a password" in response.content.decode()
    assert SESSION_KEY not in client.session
    dutch = Client()
    dutch.cookies["django_language"] = "nl"
    response = dutch.post(
        reverse("login"), {"username": person.email, "password": factories.PASSWORD}
    )
    assert "laat je inloggen met single sign-on" in response.content.decode()


def test_required_sso_sends_no_password_link_and_opens_none(org, smtp):
    person = factories.make_person(org)
    imported = factories.make_person(org, "Imported Person", with_user=False)
    link = set_password_path(person.user)
    require_sso(org)
    for address in (person.email, imported.email):
        english_client().post(reverse("password_reset"), {"email": address})
    outbox.deliver_all("test")  # the worker decides whether a link goes out: here none
    assert smtp.messages == [] and mail.outbox == []
    assert OutgoingMessage.objects.filter(skip_reason="sso_required").count() == 2
    assert english_client().get(link).status_code == 404


def test_people_of_other_organisations_still_sign_in_with_a_password(org):
    require_sso(org)
    other = factories.make_person(factories.make_organisation("Other"))
    client = english_client()
    client.post(reverse("login"), {"username": other.email, "password": factories.PASSWORD})
    assert client.session[SESSION_KEY] == str(other.user.pk)


def test_required_sso_program_invitations_carry_no_password_link(org, smtp):
    from django.contrib.auth import get_user_model

    from peercoach.programs.models import Enrolment
    from peercoach.running.actions import do_advance

    lead = factories.make_person(org, "Lee Lead", role="lead")
    imported = factories.make_person(org, "Imported Person", with_user=False)
    require_sso(org)
    program = factories.make_program(org, leads=[lead])
    Enrolment.objects.create(program=program, person=imported)
    accounts_before = get_user_model().objects.count()
    do_advance(program)  # enrolment opens: everyone enrolled is invited
    outbox.deliver_all("test")
    (message,) = [m for m in smtp.messages if m["To"] == imported.email]
    text = message.get_body(("plain",)).get_content()
    assert "/password/" not in text and "choose your password" not in text.lower()
    assert get_user_model().objects.count() == accounts_before
