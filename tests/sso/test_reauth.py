"""Re-authentication for someone signed in through single sign-on: their provider, not a password.

The real OpenID Connect provider on loopback (tests/sso/provider.py) answers; the change waits
in the session and is saved from the page the person comes back to.
"""

from __future__ import annotations

import re
import time

import pytest
import requests
from django.core.cache import cache
from django.urls import reverse

from peercoach.identity.models import SignInPolicy
from peercoach.organisations.models import Person, Role
from peercoach.organisations.reauth import PASSWORD_AT
from tests.authorization.test_chained_attacks import person_form_data
from tests.mfa.test_totp import set_up_totp, totp
from tests.sso.test_oidc import come_back, english_client, sign_in_with_sso

pytestmark = pytest.mark.django_db


def hidden_fields(page: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def signed_in_long_ago(client, settings) -> None:
    session = client.session
    session[PASSWORD_AT] = time.time() - settings.REAUTH_MINUTES * 60 - 5
    session.save()


@pytest.fixture
def org(cast):
    """The cast's organisation: `sso_org` (tests/sso/conftest.py) signs it in at the provider."""
    return cast.organisation


@pytest.fixture
def admin_by_sso(cast, sso_org, provider, settings):
    """The cast's admin, without a password, signed in through the provider long ago."""
    admin = cast.admin
    admin.preferred_language = "en"
    admin.save()
    admin.user.set_unusable_password()
    admin.user.save()
    provider.knobs.email = admin.email
    client = english_client()
    assert sign_in_with_sso(client, sso_org)["Location"] == reverse("home")
    signed_in_long_ago(client, settings)
    return admin, client


def through_provider(client, provider_response):
    assert provider_response.status_code == 302
    location = provider_response["Location"]
    assert "prompt=login" in location  # the provider is asked to sign them in again
    assert "max_age=0" in location  # and to say when they did (auth_time)
    answer = requests.get(location, allow_redirects=False, timeout=10)
    return come_back(client, answer.headers["Location"])


def test_a_role_change_sends_them_through_their_provider_again(
    cast, admin_by_sso, sso_org, provider
):
    admin, client = admin_by_sso
    member = cast.member
    url = reverse("people:edit", args=[member.pk])
    page = client.post(url, person_form_data(member, role=Role.LEAD, job_title="Lead North"))
    body = page.content.decode()
    assert page.status_code == 200 and "Confirm it is you" in body
    assert 'name="reauth_password"' not in body  # they have no password to give
    assert reverse("sso_reauth") in body
    member.refresh_from_db()
    assert member.role == Role.PARTICIPANT

    back = through_provider(client, client.post(reverse("sso_reauth")))
    assert back.status_code == 200 and "You confirmed it is you" in back.content.decode()
    carried = hidden_fields(back.content.decode())
    assert carried["role"] == Role.LEAD and carried["job_title"] == "Lead North"
    member.refresh_from_db()
    assert member.role == Role.PARTICIPANT  # saved only when they press "Save"
    saved = client.post(url, carried)
    assert saved.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.LEAD and member.job_title == "Lead North"
    assert client.session["_auth_user_id"] == str(admin.user.pk)


def test_the_provider_naming_someone_else_confirms_nothing(cast, admin_by_sso, sso_org, provider):
    admin, client = admin_by_sso
    member = cast.member
    url = reverse("people:edit", args=[member.pk])
    client.post(url, person_form_data(member, role=Role.ADMIN))
    provider.knobs.email = member.email  # someone else at the provider's sign-in
    refused = through_provider(client, client.post(reverse("sso_reauth")))
    assert refused.status_code == 403
    assert "named someone else" in refused.content.decode()
    assert client.session["_auth_user_id"] == str(admin.user.pk)  # nobody else signed in
    page = client.post(url, person_form_data(member, role=Role.ADMIN))
    assert "Confirm it is you" in page.content.decode()
    member.refresh_from_db()
    assert member.role == Role.PARTICIPANT


def test_without_single_sign_on_a_code_from_their_app_confirms(cast, admin_by_sso, sso_org):
    admin, client = admin_by_sso
    secret, _ = set_up_totp(client)
    SignInPolicy.objects.filter(organisation=sso_org).update(sso_enabled=False)
    member = cast.member
    url = reverse("people:edit", args=[member.pk])
    page = client.post(url, person_form_data(member, role=Role.LEAD))
    body = page.content.decode()
    assert reverse("sso_reauth") not in body and 'name="reauth_code"' in body
    carried = hidden_fields(body)
    wrong = client.post(url, {**carried, "reauth_code": "000000"})
    assert wrong.status_code == 403 and "That code is not right" in wrong.content.decode()
    cache.clear()  # allauth remembers the code used at setup; the same window's code again
    right = client.post(url, {**carried, "reauth_code": totp(secret)})
    assert right.status_code == 302
    assert Person.objects.get(pk=member.pk).role == Role.LEAD


def test_someone_with_a_password_cannot_confirm_with_a_code_instead(cast, settings):
    from peercoach.organisations.reauth import PASSWORD_AT

    admin = cast.admin
    admin.preferred_language = "en"
    admin.save()
    client = english_client()
    client.force_login(admin.user)
    secret, _ = set_up_totp(client)
    session = client.session
    session[PASSWORD_AT] = time.time() - settings.REAUTH_MINUTES * 60 - 5
    session.save()
    cache.clear()
    member = cast.member
    url = reverse("people:edit", args=[member.pk])
    posted = {**person_form_data(member, role=Role.LEAD), "reauth_code": totp(secret)}
    page = client.post(url, posted)
    assert page.status_code == 403 and 'name="reauth_password"' in page.content.decode()
    assert Person.objects.get(pk=member.pk).role == Role.PARTICIPANT


def test_codes_cannot_be_guessed_on_and_on(cast, admin_by_sso, sso_org):
    admin, client = admin_by_sso
    _, recovery_codes = set_up_totp(client)
    SignInPolicy.objects.filter(organisation=sso_org).update(sso_enabled=False)
    member = cast.member
    url = reverse("people:edit", args=[member.pk])
    carried = person_form_data(member, role=Role.LEAD)
    for guess in range(5):
        client.post(url, {**carried, "reauth_code": f"{guess:06d}"})
    # A right (recovery) code after five wrong ones is refused too, for a while.
    right = client.post(url, {**carried, "reauth_code": recovery_codes[0]})
    assert right.status_code == 403
    assert Person.objects.get(pk=member.pk).role == Role.PARTICIPANT


TWENTY_MINUTES = 20 * 60  # more than REAUTH_MINUTES


def test_an_answer_from_the_providers_older_session_does_not_count(
    cast, admin_by_sso, sso_org, provider
):
    admin, client = admin_by_sso
    member = cast.member
    url = reverse("people:edit", args=[member.pk])
    client.post(url, person_form_data(member, role=Role.LEAD))
    provider.knobs.ignores_prompt = True  # it answers from its session of 20 minutes ago
    provider.knobs.signed_in_at = int(time.time()) - TWENTY_MINUTES
    refused = through_provider(client, client.post(reverse("sso_reauth")))
    assert refused.status_code == 403
    assert "did not have you sign in again" in refused.content.decode()
    page = client.post(url, person_form_data(member, role=Role.LEAD))
    assert "Confirm it is you" in page.content.decode()
    assert Person.objects.get(pk=member.pk).role == Role.PARTICIPANT


def test_signing_in_again_from_the_providers_session_is_no_confirmation(
    cast, admin_by_sso, sso_org, provider
):
    """Someone at the person's unlocked computer signs in again: the provider answers from its
    session of 20 minutes ago, no password asked. That confirms nothing for a role change."""
    admin, client = admin_by_sso
    provider.knobs.signed_in_at = int(time.time()) - TWENTY_MINUTES
    assert sign_in_with_sso(client, sso_org)["Location"] == reverse("home")
    member = cast.member
    page = client.post(
        reverse("people:edit", args=[member.pk]), person_form_data(member, role=Role.LEAD)
    )
    assert page.status_code == 200 and "Confirm it is you" in page.content.decode()
    assert Person.objects.get(pk=member.pk).role == Role.PARTICIPANT
