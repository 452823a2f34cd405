"""What building a batch of emails looks up, fetched once for the whole batch."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from peercoach.notifications.models import (
    NotificationPreference,
    OutgoingMessage,
    ProgramNotificationSettings,
)
from peercoach.programs.models import GroupMember


class Lookups:
    """What the builders look up per message, fetched once for a whole batch."""

    def __init__(self, messages: list[OutgoingMessage]) -> None:
        person_ids = {m.person_id for m in messages if m.person_id}
        self.person_ids = person_ids
        self.preferences = {
            p.person_id: p for p in NotificationPreference.objects.filter(person_id__in=person_ids)
        }
        self.program_settings = {s.program_id: s for s in ProgramNotificationSettings.objects.all()}
        self.memberships = set(
            GroupMember.objects.filter(person_id__in=person_ids).values_list(
                "group_id", "person_id"
            )
        )

    def preference(self, person_id: int) -> NotificationPreference | None:
        return self.preferences.get(person_id)

    def program_allows(self, program_id: int | None, kind: str) -> bool:
        state = self.program_settings.get(program_id)
        return state is None or state.is_enabled(kind)

    def is_member(self, person_id: int, group_id: int) -> bool:
        return (group_id, person_id) in self.memberships


_lookups: ContextVar[Lookups | None] = ContextVar("notification_lookups", default=None)


@contextmanager
def batch(messages: list[OutgoingMessage]):
    """Build the emails of `messages` with one round of queries instead of several per message."""
    token = _lookups.set(Lookups(messages))
    try:
        yield
    finally:
        _lookups.reset(token)


def current_lookups(message: OutgoingMessage) -> Lookups:
    return _lookups.get() or Lookups([message])


def batch_lookups() -> Lookups | None:
    """The lookups of the batch being built, if any."""
    return _lookups.get()
