"""One message to each other member of a group: the one way a group hears of something.

A group message from the home page, a member going on a break or withdrawing (health), a
newcomer joining and a member leaving (running) all reach the group's *other* active members,
one email each, sent now, keyed `<key>:<recipient>` so that doing the same thing twice queues
them once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from peercoach.notifications.outbox import QueuedMessage, queue
from peercoach.notifications.tasks import kick_delivery_on_commit
from peercoach.programs.models import Group


def others_in(group: Group, person_id: int, *, with_address: bool = False) -> list[int]:
    """The ids of `group`'s active members other than `person_id` (only those with an email
    address when `with_address`)."""
    others = group.memberships.taking_part().exclude(person_id=person_id)
    if with_address:
        others = others.exclude(person__email="")
    return list(others.values_list("person_id", flat=True))


def queue_to_others(
    group: Group,
    person_id: int,
    *,
    kind: str,
    key: str,
    context: dict[str, Any],
    lasts: timedelta,
    recipients: Iterable[int] | None = None,
) -> int:
    """Queue a `kind` message to each other active member of `group` than `person_id` (or to
    `recipients`, when the caller already worked them out), expiring after `lasts`; delivery
    starts once the transaction commits. Returns how many were queued."""
    if recipients is None:
        recipients = others_in(group, person_id)
    now = timezone.now()
    queued = queue(
        [
            QueuedMessage(
                key=f"{key}:{recipient}",
                kind=kind,
                person_id=recipient,
                send_after=now,
                expires_at=now + lasts,
                context=context,
            )
            for recipient in recipients
        ]
    )
    if queued:
        kick_delivery_on_commit()
    return queued
