"""Whoever runs the program sees means per statement, only from the minimum group size on, and
never anyone's own answer; nobody else reaches the figures."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from peercoach.organisations.models import Role
from tests import factories
from tests.assessments.conftest import END, START, answer
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

HIDDEN = "too few answers to show without identifying anyone"


def _url(setting, name: str = "program") -> str:
    return reverse(f"assessments:{name}", kwargs={"program_pk": setting.program.pk})


def _people(setting):
    return [setting.me, setting.fellow, *setting.others]


def _close(setting) -> None:
    """The program has ended: nobody can answer any more, so its averages may show."""
    setting.program.ends_on = date.today() - timedelta(days=1)
    setting.program.save(update_fields=["ends_on"])


def _figures(setting, client=None):
    client = client or signed_in_client(setting.lead)
    response = client.get(_url(setting))
    assert response.status_code == 200
    return response.context["figures"], response.content.decode()


def test_it_shows_nothing_below_the_threshold(setting, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    # Four people with distinctive answers: none of them may be derivable from the page.
    for person, scores in zip(
        _people(setting),
        ([1, 1, 1, 1, 1, 2], [5, 5, 5, 5, 5, 4], [2, 4, 2, 4, 2, 4], [3, 1, 3, 1, 3, 1]),
        strict=False,
    ):
        answer(person, setting.questionnaire, START, scores)
        answer(person, setting.questionnaire, END, scores[::-1])
    _close(setting)  # closed, so only the threshold keeps them back
    figures, body = _figures(setting)
    assert figures.answered_start == 4
    assert all(
        row.start.mean is None and row.end.mean is None and row.change.mean is None
        for row in figures.statements
    )
    assert body.count(HIDDEN) == 3 * len(figures.statements)
    assert "Mia Member" not in body and "Finn Fellow" not in body
    exported = signed_in_client(setting.lead).get(_url(setting, "export")).content.decode()
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    assert len(rows) == 1 + len(figures.statements)
    assert all(row[1] == row[3] == row[5] == "too few answers" for row in rows[1:])
    assert all(row[2] == row[4] == row[6] == "4" for row in rows[1:])


def test_it_shows_means_from_the_threshold_and_counts_change_over_both_moments(setting, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    people = _people(setting)
    starts = [[1] * 6, [2] * 6, [3] * 6, [4] * 6, [5] * 6, [5] * 6]
    for person, scores in zip(people[:6], starts, strict=True):
        answer(person, setting.questionnaire, START, scores)
    # Five of them answer at the end, each one point higher (capped at 5) ...
    for person, scores in zip(people[:5], starts, strict=False):
        answer(person, setting.questionnaire, END, [min(s + 1, 5) for s in scores])
    _close(setting)
    figures, body = _figures(setting)
    row = figures.statements[0]
    assert (row.start.n, row.start.mean) == (6, 3.3)  # 20 / 6
    assert (row.end.n, row.end.mean) == (5, 3.8)  # 19 / 5
    # ... so the change counts those five: (2+3+4+5+5) - (1+2+3+4+5) = 4 over 5 people.
    assert (row.change.n, row.change.mean) == (5, 0.8)
    assert figures.answered_both == 5
    assert "+0.8" in body
    assert HIDDEN not in body


def test_it_hides_the_change_when_too_few_answered_both_moments(setting, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    people = _people(setting)
    for person in people[:6]:
        answer(person, setting.questionnaire, START, [3] * 6)
    for person in people[2:8]:
        answer(person, setting.questionnaire, END, [4] * 6)
    _close(setting)
    figures, _ = _figures(setting)
    row = figures.statements[0]
    assert row.start.mean == 3.0 and row.end.mean == 4.0
    assert row.change.n == 4 and row.change.mean is None


def test_it_reads_the_threshold_from_the_setting(setting, settings):
    settings.REPORTS_MINIMUM_GROUP = 2
    for person, score in zip(_people(setting)[:2], (1, 4), strict=True):
        answer(person, setting.questionnaire, START, [score] * 6)
    _close(setting)
    figures, _ = _figures(setting)
    assert figures.statements[0].start.mean == 2.5


def test_it_exports_statements_safe_from_spreadsheet_formulas(setting, settings):
    settings.REPORTS_MINIMUM_GROUP = 1
    statement = setting.questionnaire.statements.first()
    statement.text_en = '=HYPERLINK("https://evil.example","x")'
    statement.save()
    answer(setting.me, setting.questionnaire, START, [3] * 6)
    _close(setting)
    response = signed_in_client(setting.lead).get(_url(setting, "export"))
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[1][0] == "'" + statement.text_en
    assert rows[1][1] == "3.0"


def test_it_keeps_an_open_moment_s_averages_back_until_it_closes(setting, settings):
    # Averages that moved with every new answer would give each new answer away to a lead who
    # compares the page from one day to the next.
    settings.REPORTS_MINIMUM_GROUP = 5
    for person in _people(setting)[:6]:
        answer(person, setting.questionnaire, START, [3] * 6)
    figures, body = _figures(setting)
    assert figures.still_open == START
    assert all(row.start.mean is None for row in figures.statements)
    assert "still open" in body
    _close(setting)
    figures, body = _figures(setting)
    assert figures.still_open is None
    assert all(row.start.mean == 3.0 for row in figures.statements)


def test_it_answers_404_to_everyone_who_does_not_run_the_program(setting):
    other_lead = factories.make_person(setting.org, "Other Lead", role=Role.LEAD)
    factories.make_program(setting.org, leads=[other_lead])
    other_admin = setting.cast.outsider  # the admin of another organisation
    answer(setting.me, setting.questionnaire, START, [1, 2, 3, 4, 5, 1])
    before = list(setting.questionnaire.statements.values_list("pk", "text_en"))
    for person in (setting.me, setting.fellow, setting.manager, other_lead, other_admin):
        client = signed_in_client(person)
        for name in ("program", "export"):
            assert client.get(_url(setting, name)).status_code == 404, (person, name)
        assert client.post(_url(setting), {"text_nl": "x", "text_en": "x"}).status_code == 404
        mine = reverse("assessments:mine", kwargs={"program_pk": setting.program.pk})
        page = client.get(mine)
        if person == setting.me:
            assert [row.start for row in page.context["mine"].rows] == [1, 2, 3, 4, 5, 1]
        elif page.status_code == 200:  # the fellow member sees their own page, which is empty
            assert all(row.start is None for row in page.context["mine"].rows)
        else:
            assert page.status_code == 404
    assert list(setting.questionnaire.statements.values_list("pk", "text_en")) == before


def test_it_lets_an_admin_of_the_organisation_see_the_figures(setting):
    admin = setting.cast.admin
    assert signed_in_client(admin).get(_url(setting)).status_code == 200
    index = signed_in_client(admin).get(reverse("assessments:index")).content.decode()
    assert _url(setting) in index
    assert signed_in_client(setting.me).get(reverse("assessments:index")).status_code == 404


def test_it_links_the_lead_from_home(setting):
    body = signed_in_client(setting.lead).get(reverse("home")).content.decode()
    assert reverse("assessments:index") in body
