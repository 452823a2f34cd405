"""The home page in the authorization world: the member wrote to the whole group by email
(peercoach/home/group_messages.py), so the sentinel sits in the outbox too, and no page may show
it to anyone outside the group. Intruders' POSTs carry a well-formed form token, so a refusal
comes from the access rule (`access.get_own_group`), not from form validation;
tests/authorization/test_group_messages.py checks that nobody outside the group queues one.
"""

from __future__ import annotations

from peercoach.home import group_messages


def extend(world) -> dict:
    text = f"{sentinel()} group message"
    group_messages.do_send(world.member, world.group, text, "world-token-1")
    return {}


def post_data(world) -> dict:
    return {"token": "intruder-token-1"}


def sentinel() -> str:
    from tests.authorization.world import SENTINEL

    return SENTINEL
