"""Keep calendars in step with sessions: every save of a CoachingSession syncs its invitations.
Feedback asked or given is announced to the
colleague concerned."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from peercoach.coaching.models import CoachingSession
from peercoach.growth.models import Feedback, FeedbackRequest


@receiver(post_save, sender=CoachingSession, dispatch_uid="notifications_sync_session_calendar")
def session_saved(sender, instance: CoachingSession, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    from peercoach.notifications.actions import sync_session_calendar

    sync_session_calendar(instance)


@receiver(post_save, sender=FeedbackRequest, dispatch_uid="notifications_feedback_request")
def feedback_requested(sender, instance: FeedbackRequest, created: bool, raw=False, **kwargs):
    if created and not raw:
        from peercoach.notifications.actions import queue_feedback_request

        queue_feedback_request(instance.pk, instance.recipient_id)


@receiver(post_save, sender=Feedback, dispatch_uid="notifications_feedback_received")
def feedback_given(sender, instance: Feedback, created: bool, raw=False, **kwargs):
    if created and not raw:
        from peercoach.notifications.actions import queue_feedback_received

        queue_feedback_received(instance.pk, instance.receiver_id)
