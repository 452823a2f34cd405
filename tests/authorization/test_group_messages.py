"""Only the members of a group write to it by email: every other role of the authorization
world is refused, and nothing reaches the outbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peercoach.notifications.models import Kind, OutgoingMessage
from tests.authorization.world import CONTENT_ROLES, JOINER_ROLES, ROLES, build_world, client_for

pytestmark = pytest.mark.django_db


def queued() -> int:
    return OutgoingMessage.objects.filter(kind=Kind.GROUP_MESSAGE).count()


def test_nobody_outside_the_group_queues_a_message_to_it():
    world = build_world()
    url = reverse("group_message", kwargs={"group_pk": world.group.pk})
    before = queued()
    assert before  # the world's member wrote to the group
    for role in ROLES:
        if role in CONTENT_ROLES | JOINER_ROLES:
            continue
        response = client_for(world, role).post(url, {"text": "INTRUDER", "token": f"t-{role}x"})
        assert response.status_code in (302, 403, 404), (role, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), role
        assert queued() == before, f"{role} queued a message to a group they are not in"
    assert not OutgoingMessage.objects.filter(context__text="INTRUDER").exists()


def test_a_member_and_a_newcomer_do_write_to_it():
    world = build_world()
    url = reverse("group_message", kwargs={"group_pk": world.group.pk})
    before = queued()
    for role in ("fellow", "newcomer"):
        response = client_for(world, role).post(url, {"text": "Hello all", "token": f"t-{role}x"})
        assert response.status_code == 302 and response["Location"] == reverse("home")
    assert queued() > before
