"""A program's questionnaire: created with default statements, edited by its lead until the first
answer, then locked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from peercoach.assessments import starter
from peercoach.assessments.models import Questionnaire, Statement
from tests import factories
from tests.assessments.conftest import START, answer
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def _url(name: str, setting, statement=None) -> str:
    kwargs = {"program_pk": setting.program.pk}
    if statement is not None:
        kwargs["statement_pk"] = statement.pk
    return reverse(f"assessments:{name}", kwargs=kwargs)


def _texts(setting) -> list[str]:
    return list(setting.questionnaire.statements.values_list("text_en", flat=True))


def test_it_creates_the_default_questionnaire_for_a_new_program(org):
    program = factories.make_program(org)
    questionnaire = Questionnaire.objects.get(program=program)
    statements = list(questionnaire.statements.all())
    assert 5 <= len(statements) <= 7
    assert [(s.text_nl, s.text_en) for s in statements] == starter.STATEMENTS
    assert "I ask open questions before I give advice." in [s.text_en for s in statements]
    assert all(s.text_nl and s.text_en and s.text_nl != s.text_en for s in statements)


def test_it_shows_statements_in_the_readers_language(setting):
    setting.lead.preferred_language = "nl"
    setting.lead.save()
    body = signed_in_client(setting.lead).get(_url("program", setting)).content.decode()
    assert "Ik stel open vragen voordat ik advies geef." in body
    assert "Zelfevaluatie" in body


def test_it_lets_the_lead_add_edit_reorder_and_remove_statements_before_anyone_answers(setting):
    client = signed_in_client(setting.lead)
    response = client.post(
        _url("program", setting), {"text_nl": "Ik vier successen.", "text_en": "I celebrate wins."}
    )
    assert response.status_code == 302
    assert _texts(setting)[-1] == "I celebrate wins."

    first, second = setting.questionnaire.statements.all()[:2]
    client.post(_url("statement_move", setting, second), {"direction": "up"})
    assert _texts(setting)[:2] == [second.text_en, first.text_en]

    client.post(
        _url("statement_edit", setting, first),
        {"text_nl": "Ik stel eerst vragen.", "text_en": "I ask questions first."},
    )
    assert "I ask questions first." in _texts(setting)

    client.post(_url("statement_remove", setting, first))
    assert "I ask questions first." not in _texts(setting)


def test_it_requires_both_languages(setting):
    client = signed_in_client(setting.lead)
    before = _texts(setting)
    response = client.post(_url("program", setting), {"text_nl": "", "text_en": "Only English"})
    assert response.status_code == 200
    assert "Write the statement in Dutch." in response.content.decode()
    assert _texts(setting) == before


def test_it_refuses_editing_once_someone_answered(setting):
    answer(setting.me, setting.questionnaire, START, [3] * 6)
    client = signed_in_client(setting.lead)
    before = list(setting.questionnaire.statements.values_list("pk", "order", "text_nl", "text_en"))
    first, second = setting.questionnaire.statements.all()[:2]

    page = client.get(_url("program", setting)).content.decode()
    assert "This questionnaire is locked because people have started answering it." in page
    assert "Add a statement" not in page

    response = client.post(
        _url("program", setting), {"text_nl": "Nieuw", "text_en": "New"}, follow=True
    )
    assert "can no longer change" in response.content.decode()
    client.post(_url("statement_edit", setting, first), {"text_nl": "x", "text_en": "x"})
    client.post(_url("statement_move", setting, second), {"direction": "up"})
    response = client.post(_url("statement_remove", setting, first), follow=True)
    assert "can no longer change" in response.content.decode()

    after = list(setting.questionnaire.statements.values_list("pk", "order", "text_nl", "text_en"))
    assert after == before


def test_it_keeps_statements_of_another_program_out_of_reach(setting):
    other = factories.make_program(setting.org, leads=[setting.lead])
    foreign = Statement.objects.filter(questionnaire__program=other).first()
    client = signed_in_client(setting.lead)
    assert client.get(_url("statement_edit", setting, foreign)).status_code == 404
    assert client.post(_url("statement_remove", setting, foreign)).status_code == 404
    assert Statement.objects.filter(pk=foreign.pk).exists()
