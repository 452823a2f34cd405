"""Keep calendars in step with sessions: every save of a CoachingSession syncs its invitations."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from peercoach.coaching.models import CoachingSession


@receiver(post_save, sender=CoachingSession, dispatch_uid="notifications_sync_session_calendar")
def session_saved(sender, instance: CoachingSession, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    from peercoach.notifications.actions import sync_session_calendar

    sync_session_calendar(instance)
