"""A person downloads everything about themselves (AVG/GDPR articles 15 and 20), as JSON and as
a readable page, and never what others wrote in their groups (issue 15)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.assessments.models import Answer, Questionnaire, Response, Statement
from peercoach.growth.models import (
    Feedback,
    FeedbackRequest,
    Goal,
    JournalEntry,
    ProgressUpdate,
)
from peercoach.methods.models import Contribution, Insight
from peercoach.paths.models import LearningPath, Step, StepCompletion
from peercoach.programs.models import Round
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

PARTNER = "PARTNER-WROTE-THIS-9d2c"


def build(org, *, sessions: int = 1):
    me = factories.make_person(org, "Mia Member")
    partner = factories.make_person(org, "Pat Partner")
    program = factories.make_program(org)
    group = factories.make_group(program, [me, partner], name="Pair M")
    for days in range(sessions):
        session = factories.make_session(group, days_from_now=-days - 1)
        factories.make_entry(session, me, f"my entry {days}")
        factories.make_entry(session, partner, f"{PARTNER} entry {days}")
        factories.make_action_item(session, me, f"my action {days}")
        factories.make_action_item(session, partner, f"{PARTNER} action {days}")
        Contribution.objects.create(session=session, author=me, kind="question", text="my q")
        Contribution.objects.create(
            session=session, author=partner, kind="question", text=f"{PARTNER} q"
        )
        Insight.objects.create(session=session, author=me, text="my insight")
        Insight.objects.create(session=session, author=partner, text=f"{PARTNER} insight")
        goal = Goal.objects.create(owner=me, group=group, what=f"my goal {days}", metric="m")
        ProgressUpdate.objects.create(
            goal=goal, value=2, note="my progress", recorded_on=date.today()
        )
        Goal.objects.create(owner=partner, group=group, what=f"{PARTNER} goal", metric="m")
        JournalEntry.objects.create(author=me, text=f"my journal {days}")
        JournalEntry.objects.create(author=partner, text=f"{PARTNER} journal")
        Feedback.objects.create(
            giver=me, receiver=partner, strengths=["you listen well"], reply=f"{PARTNER} reply"
        )
        Feedback.objects.create(giver=partner, receiver=me, strengths=["addressed to me"])
        FeedbackRequest.objects.create(requester=me, recipient=partner, topic="my topic")
    questionnaire = Questionnaire.objects.get(program=program)  # made with the program
    statement = Statement.objects.create(
        questionnaire=questionnaire, text_nl="Ik vat samen", text_en="I summarise"
    )
    for person, score in ((me, 4), (partner, 1)):
        response = Response.objects.create(
            person=person, questionnaire=questionnaire, moment="start"
        )
        Answer.objects.create(response=response, statement=statement, score=score)
    step = Step.objects.create(
        path=LearningPath.objects.create(program=program),
        title="Reflect",
        kind="reflection",
        week=1,
    )
    StepCompletion.objects.create(person=me, step=step, note="my path note")
    StepCompletion.objects.create(person=partner, step=step, note=f"{PARTNER} path note")
    # A group still being matched is the lead's draft: not yet part of my data.
    draft = factories.make_group(program, [me, partner], name="Draft group")
    draft.round = Round.objects.create(program=program, number=1)
    draft.save()
    return me, partner


def export_json(person) -> dict:
    response = signed_in_client(person).get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="peercoach-my-data-')
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_it_exports_everything_of_mine_and_nothing_my_partner_wrote(org):
    me, partner = build(org)
    data = export_json(me)
    text = json.dumps(data)
    assert PARTNER not in text
    assert data["profile"]["name"] == "Mia Member"
    assert data["profile"]["email"] == me.email
    assert [m["group"] for m in data["group_memberships"]] == ["Pair M"]
    assert [e["text"] for e in data["session_entries"]] == ["my entry 0"]
    assert [a["action"] for a in data["action_items"]] == ["my action 0"]
    assert data["goals"][0]["what"] == "my goal 0"
    assert data["goals"][0]["progress"][0]["note"] == "my progress"
    assert [j["text"] for j in data["journal"]] == ["my journal 0"]
    assert data["feedback_given"] == [
        {**data["feedback_given"][0], "to": "Pat Partner", "strengths": ["you listen well"]}
    ]
    assert "reply" not in json.dumps(data["feedback_given"])
    assert data["feedback_received"][0]["strengths"] == ["addressed to me"]
    assert data["feedback_received"][0]["from"] == "Pat Partner"
    assert [c["text"] for c in data["contributions"]] == ["my q"]
    assert [i["text"] for i in data["insights"]] == ["my insight"]
    assert [(a["statement"], a["score"]) for a in data["assessment_answers"]] == [
        ("I summarise", 4)
    ]
    assert [n["note"] for n in data["path_notes"]] == ["my path note"]
    assert "Draft group" not in text


def test_it_gives_the_same_as_a_readable_page_in_my_language(org):
    me, _partner = build(org)
    me.preferred_language = "nl"
    me.save()
    response = signed_in_client(me).get(reverse("privacy:export_html"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.html"')
    page = response.content.decode()
    assert "Feedback die je kreeg" in page
    assert "<dt>sterke punten</dt>" in page
    for mine in ("my entry 0", "my journal 0", "my path note", "addressed to me", "my goal 0"):
        assert mine in page
    assert PARTNER not in page


def test_it_exports_with_a_bounded_number_of_queries(org):
    few, _ = build(org, sessions=1)
    many, _ = build(factories.make_organisation("Big"), sessions=8)
    counts = []
    for person in (few, many):
        client = signed_in_client(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("privacy:export_json")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 30, counts


def test_it_is_only_for_someone_signed_in_with_a_membership(client, org):
    build(org)
    for name in ("privacy:export_json", "privacy:export_html"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("nobody@example.com", password="x")
    client.force_login(stranger)
    assert client.get(reverse("privacy:export_json")).status_code == 403  # the no-membership page


def test_it_is_offered_on_my_profile(org):
    me, _ = build(org)
    page = signed_in_client(me).get(reverse("profile")).content.decode()
    assert reverse("privacy:export_json") in page
    assert reverse("privacy:export_html") in page
