"""Re-authentication through a real SAML identity provider on loopback (saml_provider.py).

Before a role change, someone signed in with SAML is sent to their organisation's provider with
`ForceAuthn="true"`. Only the provider's answer to that request counts, and only when it names
the same person (NameID) of the same organisation and they signed in at the provider after the
request: a provider answering from its own older session confirms nothing. The provider here
keeps such a session, as real ones do; the person last signed in there 20 minutes ago.
"""

from __future__ import annotations

import base64
import datetime
import re
import zlib
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from peercoach.organisations.models import Person, Role
from tests import factories
from tests.authorization.test_chained_attacks import person_form_data
from tests.cast import speaking
from tests.sso.conftest import saml_policy
from tests.sso.provider import SAML_OFFSET, port_for_worker
from tests.sso.saml_provider import SamlKnobs, SamlProvider, running_saml
from tests.sso.test_reauth import hidden_fields, signed_in_long_ago
from tests.sso.test_saml import answer_of_provider, english_client, post_answer

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(minutes=20)  # more than REAUTH_MINUTES


def _ago(delta: datetime.timedelta) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) - delta


def signed_in_by_saml(client, org, idp, person) -> None:
    """Signed in through `idp`, which answered from its session of 20 minutes ago."""
    idp.knobs.email = person.email
    idp.knobs.signed_in_at = _ago(LONG_AGO)
    assert post_answer(client, *answer_of_provider(client, org))["Location"] == reverse("home")


@pytest.fixture
def org(cast):
    """The cast's organisation: `saml_org` (tests/sso/conftest.py) gives it the SAML provider."""
    return cast.organisation


@pytest.fixture
def admin_by_saml(cast, saml_org, idp, settings):
    """The cast's admin, without a password, signed in through the provider long ago."""
    admin = speaking(cast.admin, "en")
    admin.user.set_unusable_password()
    admin.user.save()
    client = english_client()
    signed_in_by_saml(client, saml_org, idp, admin)
    signed_in_long_ago(client, settings)
    return admin, client


def authn_request_of(location: str) -> str:
    encoded = parse_qs(urlsplit(location).query)["SAMLRequest"][0]
    return zlib.decompress(base64.b64decode(encoded), -15).decode()


def provider_answer(location: str) -> tuple[str, dict]:
    """What the provider's page posts back to us, for the request `location` carries."""
    page = requests.get(location, timeout=10)
    assert page.status_code == 200
    action = unescape(re.search(r'action="([^"]+)"', page.text).group(1))
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page.text))
    return urlsplit(action).path, {name: unescape(value) for name, value in fields.items()}


def ask_for_role_change(client, member, role=Role.LEAD):
    url = reverse("people:edit", args=[member.pk])
    page = client.post(url, person_form_data(member, role=role))
    assert page.status_code == 200 and reverse("sso_reauth") in page.content.decode()
    return url


def confirm_through_provider(client):
    """Press "confirm through your organisation": the request to the provider, and its answer."""
    start = client.post(reverse("sso_reauth"))
    assert start.status_code == 302
    return start["Location"], provider_answer(start["Location"])


def role_of(person: Person) -> str:
    return Person.objects.get(pk=person.pk).role


def test_the_request_asks_the_provider_to_sign_them_in_again(cast, admin_by_saml, idp):
    _, client = admin_by_saml
    ask_for_role_change(client, cast.member)
    location, _ = confirm_through_provider(client)
    assert re.search(r'\bForceAuthn="true"', authn_request_of(location))
    assert idp.force_authn_asked[-1] is True
    assert idp.force_authn_asked[0] is False  # signing in did not ask for it


def test_a_fresh_sign_in_at_the_provider_confirms(cast, admin_by_saml, saml_org, idp):
    admin, client = admin_by_saml
    member = cast.member
    url = ask_for_role_change(client, member)
    _, answer = confirm_through_provider(client)
    back = post_answer(client, *answer)
    assert back.status_code == 200 and "You confirmed it is you" in back.content.decode()
    assert client.post(url, hidden_fields(back.content.decode())).status_code == 302
    assert role_of(member) == Role.LEAD
    assert client.session["_auth_user_id"] == str(admin.user.pk)


def test_a_provider_with_a_new_nameid_for_every_answer_still_confirms(
    cast, saml_org, idp, settings
):
    """Transient NameIDs name nobody from one answer to the next: the address does then."""
    idp.knobs.transient_name_ids = True
    admin = speaking(cast.admin, "en")
    client = english_client()
    signed_in_by_saml(client, saml_org, idp, admin)
    signed_in_long_ago(client, settings)
    member = cast.member
    url = ask_for_role_change(client, member)
    back = post_answer(client, *confirm_through_provider(client)[1])
    assert back.status_code == 200 and "You confirmed it is you" in back.content.decode()
    assert client.post(url, hidden_fields(back.content.decode())).status_code == 302
    assert role_of(member) == Role.LEAD


def test_an_answer_from_the_providers_older_session_does_not_count(
    cast, admin_by_saml, saml_org, idp
):
    _, client = admin_by_saml
    member = cast.member
    url = ask_for_role_change(client, member)
    idp.knobs.ignores_force_authn = True  # it answers from its session of 20 minutes ago
    _, answer = confirm_through_provider(client)
    refused = post_answer(client, *answer)
    assert refused.status_code == 403
    assert "did not have you sign in again" in refused.content.decode()
    page = client.post(url, person_form_data(member, role=Role.LEAD))
    assert reverse("sso_reauth") in page.content.decode()
    assert role_of(member) == Role.PARTICIPANT


def test_another_person_at_the_provider_does_not_count(cast, admin_by_saml, saml_org, idp):
    admin, client = admin_by_saml
    member = cast.member
    url = ask_for_role_change(client, member, role=Role.ADMIN)
    # Someone else at the provider whose account carries the same address (a shared mailbox).
    idp.knobs.name_id = "someone-else-7f3a"
    refused = post_answer(client, *confirm_through_provider(client)[1])
    assert refused.status_code == 403 and "named someone else" in refused.content.decode()
    # And someone with another address altogether.
    idp.knobs.name_id = ""
    idp.knobs.email = member.email
    refused = post_answer(client, *confirm_through_provider(client)[1])
    assert refused.status_code == 403 and "named someone else" in refused.content.decode()
    assert client.session["_auth_user_id"] == str(admin.user.pk)
    page = client.post(url, person_form_data(member, role=Role.ADMIN))
    assert reverse("sso_reauth") in page.content.decode()
    assert role_of(member) == Role.PARTICIPANT


def test_an_answer_to_another_request_does_not_count(cast, admin_by_saml, saml_org, idp):
    """Someone at the person's unlocked computer holds back the provider's answer to a sign-in
    (it answers from the provider's session, no password asked), starts the change, and posts
    the held-back answer when the provider asks for the password."""
    _, client = admin_by_saml
    member = cast.member
    held_back = answer_of_provider(client, saml_org)
    url = ask_for_role_change(client, member)
    confirm_through_provider(client)
    post_answer(client, *held_back)
    page = client.post(url, person_form_data(member, role=Role.LEAD))
    assert reverse("sso_reauth") in page.content.decode()
    assert role_of(member) == Role.PARTICIPANT

    # The answer to the re-authentication itself counts once, not twice.
    _, answer = confirm_through_provider(client)
    assert post_answer(client, *answer).status_code == 200
    client.post(url, person_form_data(member, role=Role.LEAD))
    assert role_of(member) == Role.LEAD
    assert post_answer(client, *answer).status_code == 403


def test_signing_in_again_from_the_providers_session_is_no_confirmation(
    cast, admin_by_saml, saml_org, idp
):
    _, client = admin_by_saml
    member = cast.member
    assert post_answer(client, *answer_of_provider(client, saml_org))["Location"] == reverse("home")
    ask_for_role_change(client, member)
    assert role_of(member) == Role.PARTICIPANT


@pytest.fixture(scope="module")
def _running_other_idp():
    with running_saml(SamlProvider(port_for_worker() + 2 * SAML_OFFSET)) as provider:
        yield provider


def test_a_confirmation_in_one_organisation_does_not_carry_to_another(
    cast, saml_org, idp, _running_other_idp
):
    other_idp = _running_other_idp
    other_idp.knobs = SamlKnobs()
    beta = cast.other_organisation  # Org B, with its own provider
    saml_policy(beta, other_idp)
    in_beta = speaking(cast.outsider, "en")  # Org B's admin, who is given a seat in Org A too
    in_acme = factories.make_person(
        saml_org, in_beta.name, email=in_beta.email, role=Role.ADMIN, with_user=False
    )
    Person.objects.filter(pk=in_acme.pk).update(user=in_beta.user)
    in_beta.user.set_unusable_password()
    in_beta.user.save()
    client = english_client()
    signed_in_by_saml(client, saml_org, idp, in_acme)
    acme_member = cast.member
    url = ask_for_role_change(client, acme_member)
    back = post_answer(client, *confirm_through_provider(client)[1])
    assert client.post(url, hidden_fields(back.content.decode())).status_code == 302
    assert role_of(acme_member) == Role.LEAD

    # In another tab: Beta's provider, from its own session of 20 minutes ago.
    signed_in_by_saml(client, beta, other_idp, in_beta)
    beta_member = factories.make_person(beta, "Bo Beta")
    ask_for_role_change(client, beta_member)
    assert role_of(beta_member) == Role.PARTICIPANT
