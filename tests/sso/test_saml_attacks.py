"""SAML single sign-on tried as an attacker would, with steps that are each allowed.

The organisation's IdP (the real one on loopback) asserts whatever address its admin likes:
a deactivated person's, an erased person's, the "former participant" placeholder's. None of
them signs anyone in or makes an account. A person deactivated while their re-authentication
is at the IdP comes back to nothing.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse

from peercoach.organisations.models import Person, Role
from peercoach.people.actions import do_save_person
from peercoach.privacy.erasure import FORMER_PARTICIPANT_EMAIL, do_erase_person, former_participant
from peercoach.privacy.models import PrivacySettings
from tests import factories
from tests.sso.test_saml import assert_refused, english_client, post_answer, sign_in
from tests.sso.test_saml_reauth import (
    admin_by_saml,  # noqa: F401 (a fixture: the shared cast's admin)
    ask_for_role_change,
    confirm_through_provider,
    org,  # noqa: F401 (a fixture: the cast's organisation, which saml_org gives the provider)
    role_of,
)

pytestmark = pytest.mark.django_db


def deactivate(person: Person, by: Person) -> None:
    old = Person.objects.get(pk=person.pk)
    person.is_active = False
    do_save_person(person, editor=by, old=old)


def test_it_signs_in_no_deactivated_erased_or_placeholder_person(saml_org, idp):
    admin = factories.make_person(saml_org, "Ada Admin", role=Role.ADMIN)
    gone = factories.make_person(saml_org, "Dee Deactivated")
    deactivate(gone, admin)
    idp.knobs.email = gone.email
    assert_refused(sign_in(english_client(), saml_org), "has not added your email address")

    erased = factories.make_person(saml_org, "Eri Erased")
    address = erased.email
    do_erase_person(erased)
    accounts = get_user_model().objects.count()
    idp.knobs.email = address
    assert_refused(sign_in(english_client(), saml_org), "has not added your email address")

    former_participant(PrivacySettings.of(saml_org))
    idp.knobs.email = FORMER_PARTICIPANT_EMAIL
    assert_refused(sign_in(english_client(), saml_org), "has not added your email address")
    assert get_user_model().objects.count() == accounts


def test_someone_deactivated_while_at_the_idp_comes_back_to_nothing(
    admin_by_saml,  # noqa: F811
    saml_org,
    idp,
):
    admin, client = admin_by_saml
    member = factories.make_person(saml_org, "Mo Member")
    ask_for_role_change(client, member)
    _, answer = confirm_through_provider(client)
    other_admin = factories.make_person(saml_org, "Otto Other", role=Role.ADMIN)
    deactivate(admin, other_admin)  # their sessions end at once
    back = post_answer(client, *answer)
    assert back.status_code == 403 and SESSION_KEY not in back.wsgi_request.session
    assert client.post(reverse("people:edit", args=[member.pk]), {}).status_code == 302
    assert role_of(member) == Role.PARTICIPANT
