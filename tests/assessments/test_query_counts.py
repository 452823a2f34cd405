"""The lead's page, its CSV, a participant's own page, the form and the home block run a fixed
number of queries however many people answered."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessments.conftest import END, START, answer, make_setting
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def count(person, url) -> int:
    client = signed_in_client(person)
    client.get(url)  # warm the session and the language
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def measure(people: int) -> dict[str, int]:
    setting = make_setting(people)
    everyone = [setting.me, setting.fellow, *setting.others]
    for index, person in enumerate(everyone[1:]):
        answer(person, setting.questionnaire, START, [1 + (index + i) % 5 for i in range(6)])
        if index % 3:
            answer(person, setting.questionnaire, END, [1 + (index * i) % 5 for i in range(6)])
    answer(setting.me, setting.questionnaire, START, [3] * 6)
    setting.in_end_window()
    program = {"program_pk": setting.program.pk}
    return {
        "lead": count(setting.lead, reverse("assessments:program", kwargs=program)),
        "export": count(setting.lead, reverse("assessments:export", kwargs=program)),
        "mine": count(setting.me, reverse("assessments:mine", kwargs=program)),
        "form": count(setting.me, reverse("assessments:take", kwargs={**program, "moment": END})),
        "home": count(setting.me, reverse("home")),
        "home (lead)": count(setting.lead, reverse("home")),
    }


def test_it_does_not_grow_queries_with_people():
    few = measure(people=6)
    many = measure(people=40)
    assert few == many
    assert max(many.values()) <= 25, many
