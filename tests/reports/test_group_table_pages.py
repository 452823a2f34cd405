"""The report's per-group table comes a page at a time; the exports keep every row."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from peercoach.reports import views
from tests import factories
from tests.conftest import signed_in_client
from tests.reports.test_program_report import read_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def program_of_seven_pairs(cast, monkeypatch):
    """The cast's program (Pair M, Pair O) with five numbered pairs more, two groups a page."""
    monkeypatch.setattr(views, "GROUPS_PER_PAGE", 2)
    org = cast.organisation
    for number in (10, 2, 1, 3, 20):  # created out of order: the table reads numbers as numbers
        pair = [factories.make_person(org), factories.make_person(org)]
        factories.make_group(cast.program, pair, name=f"Pair {number}")
    return cast.lead, cast.program


def rows_on(page: str) -> list[str]:
    table = page[page.index('id="groups-heading"') :]
    return re.findall(r'<th scope="row">(?:<a [^>]*>)?(Pair (?:\d+|M|O))', table)


def test_it_shows_one_page_of_groups_in_natural_order(program_of_seven_pairs):
    lead, program = program_of_seven_pairs
    client = signed_in_client(lead)
    url = reverse("reports:program", kwargs={"program_pk": program.pk})
    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2, 3, 4)]
    assert [rows_on(page) for page in pages] == [
        ["Pair 1", "Pair 2"],
        ["Pair 3", "Pair 10"],
        ["Pair 20", "Pair M"],
        ["Pair O"],
    ]
    assert 'aria-label="Pages of groups"' in pages[0]
    assert 'href="?page=2#groups-heading"' in pages[0]  # back at the table, not the top


@pytest.mark.parametrize("number", ["99", "0", "abc", "-1", "1\x00"])
def test_a_page_number_out_of_range_or_not_a_number_gives_a_page_not_an_error(
    program_of_seven_pairs, number
):
    lead, program = program_of_seven_pairs
    url = reverse("reports:program", kwargs={"program_pk": program.pk})
    response = signed_in_client(lead).get(url, {"page": number})
    assert response.status_code == 200
    assert len(rows_on(response.content.decode())) in (1, 2)


def test_the_exports_have_every_group(program_of_seven_pairs):
    lead, program = program_of_seven_pairs
    client = signed_in_client(lead)
    every = ["Pair 1", "Pair 2", "Pair 3", "Pair 10", "Pair 20", "Pair M", "Pair O"]
    url = reverse("reports:program_export", kwargs={"program_pk": program.pk})
    assert [row[0] for row in read_csv(client.get(url))[1:8]] == every
    url = reverse("reports:program_export_xlsx", kwargs={"program_pk": program.pk})
    sheet = load_workbook(io.BytesIO(client.get(url).content)).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == every
