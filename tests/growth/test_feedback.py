import pytest
from django.urls import reverse

from peercoach.growth.models import Feedback, FeedbackRequest, FeedbackRequestStatus
from tests import factories
from tests.conftest import signed_in_client

GOOD = {
    "strengths_text": "Your visuals were clear and engaging.",
    "growth_text": "Something you could try is slowing down when you explain the data.",
}


def give(people, giver=None, **data):
    giver = giver or people.fellow
    payload = {"receiver": people.member.pk, **GOOD, **data}
    return signed_in_client(giver).post(reverse("growth:feedback_create"), payload)


def test_it_sends_balanced_feedback_to_a_colleague(people):
    response = give(people)
    feedback = Feedback.objects.get()
    assert response["Location"] == reverse("growth:feedback", kwargs={"feedback_pk": feedback.pk})
    assert feedback.strengths == ["Your visuals were clear and engaging."]
    assert len(feedback.growth_areas) == 1
    assert (feedback.giver, feedback.receiver) == (people.fellow, people.member)


def test_it_refuses_feedback_without_a_strength(people):
    response = give(people, strengths_text="  \n ")
    assert not Feedback.objects.exists()
    assert "Start with at least one strength" in response.content.decode()


def test_it_refuses_more_than_two_growth_areas(people):
    response = give(people, growth_text="Slow down\nLook up\nPause more")
    assert not Feedback.objects.exists()
    assert "Keep it to one or two growth areas; you wrote 3." in response.content.decode()


def test_it_refuses_in_dutch_for_a_dutch_speaker(people):
    people.fellow.preferred_language = "nl"
    people.fellow.save()
    response = give(people, strengths_text="", growth_text="a\nb\nc")
    body = response.content.decode()
    assert "Begin met minstens één sterk punt" in body
    assert "Houd het bij een of twee groeigebieden; je schreef er 3." in body


def test_it_shows_phrasing_hints_after_submit_and_sends_on_the_second(people):
    judging = {"growth_text": "You should never rush the ending."}
    first = give(people, **judging)
    body = first.content.decode()
    assert not Feedback.objects.exists()
    assert 'data-code="must"' in body and 'data-code="absolute"' in body
    assert 'name="phrasing_reviewed" value="1"' in body
    give(people, **judging, phrasing_reviewed="1")
    assert Feedback.objects.get().growth_areas == ["You should never rush the ending."]


def test_it_returns_phrasing_hints_while_typing(people):
    url = reverse("growth:phrasing_hints")
    client = signed_in_client(people.fellow)
    hints = client.post(url, {"strengths_text": "Goed, maar je moet altijd pauzeren"})
    assert hints.content.decode().count("data-code=") == 3
    calm = client.post(url, {"strengths_text": "Your story landed well."})
    assert "Reads as supportive feedback." in calm.content.decode()


def test_it_is_visible_to_giver_and_receiver_only(people):
    give(people)
    url = reverse("growth:feedback", kwargs={"feedback_pk": Feedback.objects.get().pk})
    for person in (people.fellow, people.member):
        assert signed_in_client(person).get(url).status_code == 200
    for person in (people.other_member, people.manager, people.lead, people.outsider):
        assert signed_in_client(person).get(url).status_code == 404


def test_it_lets_the_receiver_mark_it_helpful_and_reply(people):
    give(people)
    feedback = Feedback.objects.get()
    kwargs = {"feedback_pk": feedback.pk}
    receiver = signed_in_client(people.member)
    receiver.post(reverse("growth:feedback_helpful", kwargs=kwargs), {"helpful": "yes"})
    receiver.post(reverse("growth:feedback_reply", kwargs=kwargs), {"reply": "Thanks, will try!"})
    feedback.refresh_from_db()
    assert feedback.helpful is True and feedback.reply == "Thanks, will try!"
    giver_page = signed_in_client(people.fellow).get(reverse("growth:feedback", kwargs=kwargs))
    assert "Marked as helpful." in giver_page.content.decode()
    assert "Thanks, will try!" in giver_page.content.decode()


def test_it_does_not_let_the_giver_answer_for_the_receiver(people):
    give(people)
    kwargs = {"feedback_pk": Feedback.objects.get().pk}
    giver = signed_in_client(people.fellow)
    helpful = giver.post(reverse("growth:feedback_helpful", kwargs=kwargs), {"helpful": "yes"})
    reply = giver.post(reverse("growth:feedback_reply", kwargs=kwargs), {"reply": "Me"})
    assert helpful.status_code == reply.status_code == 404
    assert Feedback.objects.get().helpful is None and Feedback.objects.get().reply == ""


def test_it_ties_feedback_to_a_session_both_were_in(people):
    session = factories.make_session(people.group, days_from_now=-1)
    give(people, session=session.pk)
    assert Feedback.objects.get().session == session
    other_session = factories.make_session(people.other_group, days_from_now=-1)
    response = give(people, session=other_session.pk)
    assert Feedback.objects.count() == 1
    assert response.status_code == 200


def test_it_offers_no_colleague_of_another_organisation(people):
    response = give(people, receiver=people.outsider.pk)
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_it_answers_a_feedback_request(people):
    signed_in_client(people.member).post(
        reverse("growth:request_create"),
        {"recipient": people.fellow.pk, "topic": "My presentation on Monday"},
    )
    request = FeedbackRequest.objects.get()
    fellow = signed_in_client(people.fellow)
    assert (
        "My presentation on Monday" in fellow.get(reverse("growth:feedback_list")).content.decode()
    )
    form = fellow.get(reverse("growth:feedback_create") + f"?request={request.pk}")
    assert form.context["form"].initial["receiver"] == people.member.pk
    fellow.post(
        reverse("growth:feedback_create") + f"?request={request.pk}",
        {"receiver": people.member.pk, **GOOD},
    )
    request.refresh_from_db()
    assert request.status == FeedbackRequestStatus.ANSWERED
    assert Feedback.objects.get().request == request


@pytest.mark.parametrize("role", ["other_member", "outsider"])
def test_it_lets_only_the_asked_colleague_answer_or_decline(people, role):
    request = FeedbackRequest.objects.create(
        requester=people.member, recipient=people.fellow, topic="Secret topic"
    )
    client = signed_in_client(getattr(people, role))
    url = reverse("growth:request_decline", kwargs={"request_pk": request.pk})
    assert client.post(url).status_code == 404
    answer = client.get(reverse("growth:feedback_create") + f"?request={request.pk}")
    assert answer.status_code == 404
    assert FeedbackRequest.objects.get().status == FeedbackRequestStatus.OPEN


def test_it_says_a_missing_strength_once(people):
    body = give(people, strengths_text="").content.decode()
    assert body.count("at least one strength") == 1


def test_it_records_what_the_feedback_is_about(people):
    give(people, context="role_play")
    assert Feedback.objects.get().get_context_display() == "After a role play"
    session = factories.make_session(people.group, days_from_now=-1)
    give(people, session=session.pk)
    assert Feedback.objects.filter(session=session).get().context == "session"
