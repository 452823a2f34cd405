"""The program report shows pictures: sessions per month, attendance and goal statuses as
server-rendered SVG with their figures in a table, stat tiles, rows that link to the group, and
the group table as XLSX beside CSV (same rows, same rules)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from peercoach.organisations.models import Role
from tests import factories
from tests.conftest import signed_in_client
from tests.reports.test_program_report import SENTINEL, example  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def report_page(person, program) -> str:
    response = signed_in_client(person).get(reverse("reports:program", args=[program.pk]))
    assert response.status_code == 200
    return response.content.decode()


def svgs(page: str) -> list[str]:
    return re.findall(r'<svg class="chart".*?</svg>', page, re.S)


def test_it_draws_three_charts_each_with_its_table(example):  # noqa: F811
    lead, program = example
    page = report_page(lead, program)
    charts = svgs(page)
    assert len(charts) == 3
    months, attendance, goals = charts
    # February: two held; March: one held, one planned, one cancelled (tests/reports/...report).
    assert months.count('class="series-held"') == 2
    assert months.count('class="series-planned"') == 1
    assert months.count('class="series-cancelled"') == 1
    assert "All groups" in attendance and "75 %" in attendance
    assert "Pair O" not in attendance  # no attendance recorded there: no bar
    assert goals.count('class="series-held"') == 3
    assert page.count('<details class="chart-data">') == 3
    assert page.count('class="stat-tile') >= 8
    assert SENTINEL not in page


def test_charts_of_held_back_figures_are_not_drawn(example, settings):  # noqa: F811
    settings.REPORTS_MINIMUM_GROUP = 5  # four people take part
    lead, program = example
    page = report_page(lead, program)
    (goals,) = svgs(page)  # no months, no attendance; the goal statuses say "held back"
    assert 'class="series-held"' not in goals and goals.count(">held back</text>") == 3
    assert "Sessions per month" in page and "Held back until at least 5 people" in page
    assert "75 %" not in page


def test_rows_link_to_the_group_for_whoever_may_open_it(example):  # noqa: F811
    lead, program = example
    page = report_page(lead, program)
    for group in program.groups.all():
        url = reverse("coaching:group_detail", args=[group.pk])
        assert f'<a href="{url}">{group.name}</a>' in page
        assert signed_in_client(lead).get(url).status_code == 200


def read_xlsx(response) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def test_the_xlsx_has_the_same_rows_as_the_csv(example):  # noqa: F811
    lead, program = example
    client = signed_in_client(lead)
    response = client.get(reverse("reports:program_export_xlsx", args=[program.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    text = client.get(reverse("reports:program_export", args=[program.pk])).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert [[str(v) for v in row] for row in read_xlsx(response)] == rows
    assert SENTINEL.encode() not in response.content
    page = report_page(lead, program)
    assert reverse("reports:program_export_xlsx", args=[program.pk]) in page


def test_the_xlsx_in_dutch_and_with_a_held_back_row(example, settings):  # noqa: F811
    settings.REPORTS_MINIMUM_GROUP = 5
    lead, program = example
    lead.preferred_language = "nl"
    lead.save()
    rows = read_xlsx(
        signed_in_client(lead).get(reverse("reports:program_export_xlsx", args=[program.pk]))
    )
    assert rows[0][:3] == ["Groep", "Leden", "Gehouden sessies"]
    assert rows[1][:3] == ["Pair M", 2, "achtergehouden"]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+1", "@SUM(A1)"])
def test_the_xlsx_keeps_formulas_as_text(org, name):
    lead = factories.make_person(org, role=Role.LEAD)
    program = factories.make_program(org, leads=[lead])
    factories.make_group(program, [factories.make_person(org), factories.make_person(org)], name)
    response = signed_in_client(lead).get(reverse("reports:program_export_xlsx", args=[program.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.value == "'" + name


def test_a_manager_gets_no_program_report_nor_its_exports(example, cast):  # noqa: F811
    _lead, program = example
    manager = cast.manager  # the manager of Mia, in the program's Pair M
    assert (
        cast.member.manager == manager
        and cast.member in program.groups.get(name="Pair M").members.all()
    )
    for name in ("reports:program", "reports:program_export", "reports:program_export_xlsx"):
        url = reverse(name, args=[program.pk])
        assert signed_in_client(manager).get(url).status_code == 404
