"""Asking a colleague for feedback, and receiving it, reach people by email too."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.urls import reverse

from peercoach.growth import services
from peercoach.growth.models import Feedback, FeedbackRequest
from peercoach.notifications import actions, outbox
from peercoach.notifications.models import PROGRAM_KINDS, Kind, OutgoingMessage
from tests import factories
from tests.conftest import signed_in_client

STRENGTH = "STRENGTH-your opening story grabbed the room"
GROWTH = "GROWTH-next time you could pause before the numbers"


def ask(requester, recipient, topic: str) -> None:
    response = signed_in_client(requester).post(
        reverse("growth:request_create"), {"recipient": recipient.pk, "topic": topic}
    )
    assert response.status_code == 302


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_colleague_asked_gets_the_question_and_a_way_to_answer(org, smtp):
    mia = factories.make_person(org, "Mia Member")
    finn = factories.make_person(org, "Finn Fellow", preferred_language="nl")
    ask(mia, finn, "Mijn presentatie voor het MT van dinsdag")
    assert outbox.deliver_all("test") == 1

    (email,) = smtp.messages
    assert email["To"] == finn.email
    assert email["Subject"] == "Mia Member vraagt je om feedback"
    text = email.get_body(("plain",)).get_content()
    assert "“Mijn presentatie voor het MT van dinsdag”" in text
    (answer_url,) = [line.split()[-1] for line in text.splitlines() if "?request=" in line]
    assert signed_in_client(finn).get(path_of(answer_url)).status_code == 200


def test_feedback_is_announced_to_its_receiver_without_any_of_its_words(org, smtp):
    mia = factories.make_person(org, "Mia Member")
    finn = factories.make_person(org, "Finn Fellow")
    response = signed_in_client(finn).post(
        reverse("growth:feedback_create"),
        {"receiver": mia.pk, "strengths_text": STRENGTH, "growth_text": GROWTH},
    )
    assert response.status_code == 302
    outbox.deliver_all("test")

    (email,) = smtp.messages
    assert (email["To"], email["Subject"]) == (mia.email, "Finn Fellow gave you feedback")
    assert b"STRENGTH" not in smtp.raw[0] and b"GROWTH" not in smtp.raw[0]
    feedback = Feedback.objects.get()
    assert (
        reverse("growth:feedback", args=[feedback.pk]) in email.get_body(("plain",)).get_content()
    )


def test_a_request_answered_before_the_email_went_out_is_not_sent(org, smtp):
    mia = factories.make_person(org, "Mia Member")
    finn = factories.make_person(org, "Finn Fellow")
    ask(mia, finn, "My chairing of the weekly meeting")
    request = mia.feedback_requests_made.get()
    signed_in_client(finn).post(
        reverse("growth:feedback_create") + f"?request={request.pk}",
        {"receiver": mia.pk, "strengths_text": STRENGTH, "growth_text": GROWTH},
    )
    outbox.deliver_all("test")
    assert [m["To"] for m in smtp.messages] == [mia.email]  # the feedback, not the stale ask
    assert OutgoingMessage.objects.get(kind=Kind.FEEDBACK_REQUEST).skip_reason == "answered"


def test_people_can_turn_feedback_emails_off_and_leads_cannot(org, smtp):
    mia = factories.make_person(org, "Mia Member")
    finn = factories.make_person(org, "Finn Fellow")
    actions.unsubscribe(finn, Kind.FEEDBACK_REQUEST)
    ask(mia, finn, "My first client call")
    outbox.deliver_all("test")
    assert smtp.messages == []
    assert Kind.FEEDBACK_REQUEST not in PROGRAM_KINDS
    assert Kind.FEEDBACK_RECEIVED not in PROGRAM_KINDS


def test_giving_feedback_that_answers_a_request_is_one_step(org):
    """The feedback, the answered request and the email are written together or not at all: a
    request gone meanwhile leaves no feedback and no email behind."""
    mia = factories.make_person(org, "Mia Member")
    finn = factories.make_person(org, "Finn Fellow")
    request = FeedbackRequest.objects.create(requester=mia, recipient=finn, topic="Chairing")
    FeedbackRequest.objects.filter(pk=request.pk).delete()
    feedback = Feedback(giver=finn, receiver=mia, strengths=[STRENGTH], growth_areas=[GROWTH])
    with pytest.raises(DatabaseError):
        services.do_give_feedback(feedback, answering=request)
    assert not Feedback.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_the_action_sends_the_email_not_a_save_behind_its_back(org):
    mia = factories.make_person(org, "Mia Member")
    finn = factories.make_person(org, "Finn Fellow")
    Feedback.objects.create(giver=finn, receiver=mia, strengths=[STRENGTH])
    assert not OutgoingMessage.objects.exists()
    services.do_give_feedback(
        Feedback(giver=finn, receiver=mia, strengths=[STRENGTH]), answering=None
    )
    assert OutgoingMessage.objects.get().kind == Kind.FEEDBACK_RECEIVED
