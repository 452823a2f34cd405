"""A participant answers the self-assessment at the start and the end and sees their own change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peercoach.assessments import actions
from peercoach.assessments.models import Answer, Response
from peercoach.programs.models import ProgramStatus
from tests.assessments.conftest import END, START, answer
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def _take_url(setting, moment: str) -> str:
    return reverse("assessments:take", kwargs={"program_pk": setting.program.pk, "moment": moment})


def _mine_url(setting) -> str:
    return reverse("assessments:mine", kwargs={"program_pk": setting.program.pk})


def _data(setting, scores) -> dict:
    statements = setting.questionnaire.statements.all()
    return {
        f"statement_{statement.pk}": score
        for statement, score in zip(statements, scores, strict=False)
        if score is not None
    }


def _home(person) -> str:
    return signed_in_client(person).get(reverse("home")).content.decode()


def test_it_invites_to_the_start_then_the_end_and_shows_the_change(setting):
    client = signed_in_client(setting.me)
    home = _home(setting.me)
    assert "Take the start assessment" in home
    assert _take_url(setting, START) in home

    form = client.get(_take_url(setting, START))
    assert form.status_code == 200
    assert 'type="radio"' in form.content.decode()
    assert "I listen without interrupting." in form.content.decode()

    response = client.post(_take_url(setting, START), _data(setting, [2, 2, 3, 1, 4, 2]))
    assert response.status_code == 302
    assert Response.objects.filter(person=setting.me, moment=START).count() == 1
    assert "Take the start assessment" not in _home(setting.me)
    # Before the last three weeks there is no end assessment yet.
    assert client.get(_take_url(setting, END)).status_code == 302
    assert not Response.objects.filter(moment=END).exists()

    setting.in_end_window()
    assert "Take the end assessment" in _home(setting.me)
    client.post(_take_url(setting, END), _data(setting, [4, 3, 3, 3, 5, 1]))
    mine = client.get(_mine_url(setting))
    rows = mine.context["mine"].rows
    assert [(row.start, row.end, row.change) for row in rows] == [
        (2, 4, 2),
        (2, 3, 1),
        (3, 3, 0),
        (1, 3, 2),
        (4, 5, 1),
        (2, 1, -1),
    ]
    body = mine.content.decode()
    assert "What changed for you" in body
    assert "+2" in body
    assert "See what changed for you" in _home(setting.me)


def test_it_has_no_invitation_when_the_program_is_not_running(setting):
    setting.program.status = ProgramStatus.ENROLLING
    setting.program.save()
    assert "Self-assessment" not in _home(setting.me)
    response = signed_in_client(setting.me).get(_take_url(setting, START))
    assert response.status_code == 302


def test_it_closes_the_end_assessment_after_the_end_date(setting):
    setting.program.ends_on = date.today() - timedelta(days=1)
    setting.program.save()
    signed_in_client(setting.me).post(_take_url(setting, END), _data(setting, [3] * 6))
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "language,missing,out_of_range,nothing_saved",
    [
        (
            "en",
            "Choose an answer for this statement.",
            "Choose a score from 1 (never) to 5 (always).",
            "nothing has been saved",
        ),
        (
            "nl",
            "Kies een antwoord bij deze uitspraak.",
            "Kies een score van 1 (nooit) tot en met 5 (altijd).",
            "er is niets opgeslagen",
        ),
    ],
)
def test_it_saves_nothing_when_an_answer_is_missing_or_out_of_range(
    setting, language, missing, out_of_range, nothing_saved
):
    setting.me.preferred_language = language
    setting.me.save()
    client = signed_in_client(setting.me)
    url = _take_url(setting, START)

    response = client.post(url, _data(setting, [3, 3, None, 3, 3, 3]))
    assert response.status_code == 400
    assert missing in response.content.decode()
    assert nothing_saved in response.content.decode()

    for wrong in (0, 6, "abc", -1):
        response = client.post(url, _data(setting, [3, 3, wrong, 3, 3, 3]))
        assert response.status_code == 400
        assert out_of_range in response.content.decode()

    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_it_keeps_earlier_choices_when_the_form_comes_back(setting):
    response = signed_in_client(setting.me).post(
        _take_url(setting, START), _data(setting, [5, None, 3, 3, 3, 3])
    )
    first = setting.questionnaire.statements.first()
    assert f'name="statement_{first.pk}" value="5" ' in response.content.decode()
    assert "checked" in response.content.decode()


def test_it_accepts_each_moment_only_once(setting):
    client = signed_in_client(setting.me)
    client.post(_take_url(setting, START), _data(setting, [2] * 6))
    again = client.post(_take_url(setting, START), _data(setting, [5] * 6), follow=True)
    assert "You have already answered this assessment." in again.content.decode()
    assert list(Answer.objects.values_list("score", flat=True).distinct()) == [2]
    with pytest.raises(ValidationError):
        actions.do_submit(
            setting.me,
            setting.program,
            START,
            {s.pk: 5 for s in setting.questionnaire.statements.all()},
            date.today(),
        )
    assert Response.objects.count() == 1


def test_it_refuses_answers_to_statements_of_another_questionnaire(setting):
    statements = list(setting.questionnaire.statements.all())
    scores = {statement.pk: 3 for statement in statements[:-1]}
    scores[999999] = 3
    with pytest.raises(ValidationError):
        actions.do_submit(setting.me, setting.program, START, scores, date.today())
    assert not Response.objects.exists()


def test_it_shows_only_ones_own_answers(setting):
    answer(setting.me, setting.questionnaire, START, [1, 5, 1, 5, 1, 5])
    answer(setting.me, setting.questionnaire, END, [5, 1, 5, 1, 5, 1])
    fellow_page = signed_in_client(setting.fellow).get(_mine_url(setting))
    assert fellow_page.status_code == 200
    rows = fellow_page.context["mine"].rows
    assert all(row.start is None and row.end is None for row in rows)
    assert "What changed for you" not in fellow_page.content.decode()
    for person in (setting.manager, setting.lead):
        assert signed_in_client(person).get(_mine_url(setting)).status_code == 404
        assert signed_in_client(person).get(_take_url(setting, START)).status_code == 404


def test_it_answers_404_for_an_unknown_moment(setting):
    assert signed_in_client(setting.me).get(_take_url(setting, "middle")).status_code == 404
