"""The emails about feedback: asked for, and received (the email carries none of it).

`register()` (from `GrowthConfig.ready`) adds the builders to the notifications app, which sits
below growth and knows nothing of feedback; the messages are queued by `growth.services`.
"""

from __future__ import annotations

from django.urls import reverse

from peercoach.growth.models import Feedback, FeedbackRequest, FeedbackRequestStatus
from peercoach.lib import links
from peercoach.notifications import builders
from peercoach.notifications.built import Built, Skip
from peercoach.notifications.models import Kind, OutgoingMessage


def build_feedback_request(message: OutgoingMessage) -> Built | Skip:
    # The topic is the requester's words to this colleague: it goes to them and nobody else.
    found = (
        FeedbackRequest.objects.select_related("requester")
        .filter(pk=message.context["object"], recipient_id=message.person_id)
        .first()
    )
    if found is None:
        return Skip("request_gone")
    if found.status != FeedbackRequestStatus.OPEN:
        return Skip("answered")
    answer = reverse("growth:feedback_create") + f"?request={found.pk}"
    return Built(
        {"requester": found.requester, "topic": found.topic, "answer_url": links.site_url(answer)}
    )


def build_feedback_received(message: OutgoingMessage) -> Built | Skip:
    found = (
        Feedback.objects.select_related("giver")
        .filter(pk=message.context["object"], receiver_id=message.person_id)
        .first()
    )
    if found is None:
        return Skip("feedback_gone")
    return Built(
        {
            "giver": found.giver,
            "feedback_url": links.site_url(reverse("growth:feedback", args=[found.pk])),
        }
    )


def register() -> None:
    builders.BUILDERS[Kind.FEEDBACK_REQUEST] = build_feedback_request
    builders.BUILDERS[Kind.FEEDBACK_RECEIVED] = build_feedback_received
