"""The program report's CSV export carries the pulse months the report page shows, under the same
rules: closed months only, from `REPORTS_MINIMUM_GROUP` people, nothing else."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from django.utils import translation

from tests.health.helpers import answer_pulse, client, make_cast
from tests.health.test_at_risk_and_figures import _pulses_last_month


def export(cast, language: str = "en") -> str:
    with translation.override(language):
        url = reverse("reports:program_export", args=[cast.program.pk])
    response = client(cast.lead).get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def pulse_rows(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Session pulse per month")
    return rows[start:]


def test_the_export_has_the_closed_months_the_page_shows(db, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    cast = make_cast()
    _pulses_last_month(cast, 5)
    header, month = pulse_rows(export(cast))
    assert header[1:] == [
        "This session helped me move forward.",
        "I could speak freely.",
        "We listened more than we advised.",
    ]
    # forward = 1..5 for the five answerers: mean 3.0; freely 3; listened 4 — as on the page.
    assert month[1:] == ["3.0", "3.0", "4.0"]
    page = client(cast.lead).get(reverse("reports:program", args=[cast.program.pk]))
    assert month[0] in page.content.decode()


def test_a_month_with_too_few_answers_is_held_back_in_the_export_too(db, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    cast = make_cast()
    _pulses_last_month(cast, 4)
    _header, month = pulse_rows(export(cast))
    assert month[1:] == ["Held back: too few people answered.", "", ""]


def test_a_lead_comparing_the_export_before_and_after_one_more_answer_learns_nothing(db, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    cast = make_cast()
    _pulses_last_month(cast, 6)
    before = export(cast)
    assert "Session pulse per month" in before
    answer_pulse(cast.member, cast.session, forward=5, freely=5, listened=5)
    assert export(cast) == before
    answer_pulse(cast.fellow, cast.session, forward=1, freely=1, listened=1)
    assert export(cast) == before


def test_without_a_closed_month_the_export_is_the_group_table_alone(db, settings):
    cast = make_cast()
    answer_pulse(cast.member, cast.session, forward=5, freely=5, listened=5)
    assert "Session pulse per month" not in export(cast)


def test_the_dutch_export_speaks_dutch(db, settings):
    settings.REPORTS_MINIMUM_GROUP = 5
    cast = make_cast()
    cast.lead.preferred_language = "nl"
    cast.lead.save(update_fields=["preferred_language"])
    _pulses_last_month(cast, 5)
    rows = list(csv.reader(io.StringIO(export(cast, "nl")), delimiter=";"))
    header = next(row for row in rows if row and row[0] == "Sessiepuls per maand")
    assert header[1] != "This session helped me move forward."
