"""The audit log also records erasures (without the erased data), and changes to single sign-on
and two-step verification settings (which settings, never their values)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peercoach.audit.models import Action, AuditEntry
from peercoach.privacy.models import PrivacySettings
from tests.authorization.world import build_world
from tests.conftest import signed_in_client
from tests.sso.test_settings import SETTINGS

pytestmark = pytest.mark.django_db


def _erase(client, person):
    url = reverse("privacy:erase", kwargs={"person_pk": person.pk})
    return client.post(url, {"confirm": "on"})


def _values(entry: AuditEntry) -> str:
    return " ".join(
        str(getattr(entry, f.attname)) for f in AuditEntry._meta.concrete_fields
    ).lower()


def test_an_erasure_is_recorded_by_whom_without_the_erased_data(smtp):
    world = build_world()
    member = world.member
    name, email, pk = member.name, member.email, member.pk
    assert _erase(signed_in_client(world.admin), member).status_code == 302

    entry = AuditEntry.objects.get(action=Action.ERASURE)
    assert entry.organisation_id == world.org.pk
    assert entry.actor_person_id == world.admin.pk
    assert entry.detail == f"#{pk}"
    assert entry.target_label == ""
    for entry in AuditEntry.objects.all():
        assert name.lower() not in _values(entry) and email.lower() not in _values(entry)


def test_someone_erasing_themselves_leaves_no_trace_of_who_did_it(smtp):
    world = build_world()
    settings = PrivacySettings.of(world.org)
    settings.self_erasure = True
    settings.save()
    member = world.member
    assert _erase(signed_in_client(member), member).status_code == 302

    entry = AuditEntry.objects.get(action=Action.ERASURE)
    assert (entry.actor_person_id, entry.actor_user_id, entry.ip) == (None, None, None)


def test_sign_in_settings_are_recorded_by_field_never_by_value(smtp):
    world = build_world()
    client = signed_in_client(world.admin)
    secret = "s3cret-value-of-the-client"
    response = client.post(reverse("sign_in_policy"), {**SETTINGS, "client_secret": secret})
    assert response.status_code == 302

    entry = AuditEntry.objects.get(action=Action.SSO_SETTINGS)
    assert entry.actor_person_id == world.admin.pk
    assert "client_secret" in entry.detail
    assert secret not in _values(entry)
