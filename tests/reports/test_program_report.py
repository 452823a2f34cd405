"""The program report: right figures, counts only, for whoever runs the program."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peercoach.coaching.models import Attendance, SessionStatus
from peercoach.growth.models import Goal, GoalStatus, GoalVisibility
from peercoach.lib.spreadsheets import safe_cell
from peercoach.organisations.models import Role
from peercoach.programs.models import Cadence, ProgramStatus
from peercoach.reports import figures
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

SENTINEL = "SENTINEL-report-5e1f"
HELD = SessionStatus.HELD
NOW = timezone.make_aware(datetime(2026, 3, 16, 12, 0))


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def example(cast, settings):
    """The cast's program as a weekly pairs program from January to April 2026, looked at on
    16 March, with Wim Waiting enrolled but in no pair.

    Pair M (Mia, Finn): held on 2 Feb (both present) and 2 Mar (one of two present), cancelled on
    9 Mar, planned on 23 Mar. Pair O (Olga, Otto): held on 16 Feb, nothing since (more than two
    weeks: idle). Action items: M one done, one overdue, one due later; O one overdue and one
    without a date.
    """
    # These check the counting; the minimum-group rule has tests of its own
    # (tests/authorization/test_reporting_line_attacks.py).
    settings.REPORTS_MINIMUM_GROUP = 1
    mia, finn, olga, otto = cast.member, cast.fellow, cast.other_member, cast.other_partner
    waiting = factories.make_person(cast.organisation, "Wim Waiting")
    program = cast.program
    program.status = ProgramStatus.RUNNING
    program.cadence = Cadence.WEEKLY
    program.starts_on = date(2026, 1, 5)
    program.ends_on = date(2026, 4, 30)
    program.save()
    pair_m, pair_o = cast.group, cast.other_group
    program.enrolments.create(person=waiting)

    held_1 = factories.make_session(pair_m, starts_at=at(date(2026, 2, 2)), status=HELD)
    held_2 = factories.make_session(pair_m, starts_at=at(date(2026, 3, 2)), status=HELD)
    factories.make_session(pair_m, starts_at=at(date(2026, 3, 9)), status=SessionStatus.CANCELLED)
    factories.make_session(pair_m, starts_at=at(date(2026, 3, 23)))
    held_o = factories.make_session(pair_o, starts_at=at(date(2026, 2, 16)), status=HELD)
    Attendance.objects.create(session=held_1, person=mia, present=True)
    Attendance.objects.create(session=held_1, person=finn, present=True)
    Attendance.objects.create(session=held_2, person=mia, present=True)
    Attendance.objects.create(session=held_2, person=finn, present=False)

    for session, author in ((held_1, mia), (held_o, olga)):
        factories.make_entry(session, author, f"{SENTINEL} entry")
    factories.make_action_item(held_1, mia, f"{SENTINEL} done", done_at=NOW)
    factories.make_action_item(held_2, finn, f"{SENTINEL} overdue", due_on=date(2026, 3, 10))
    factories.make_action_item(held_2, mia, f"{SENTINEL} later", due_on=date(2026, 3, 30))
    factories.make_action_item(held_o, olga, f"{SENTINEL} overdue", due_on=date(2026, 3, 1))
    factories.make_action_item(held_o, otto, f"{SENTINEL} undated")
    for owner, visibility, status in (
        (mia, GoalVisibility.LEAD_STATUS, GoalStatus.ACTIVE),
        (finn, GoalVisibility.LEAD_STATUS, GoalStatus.ACHIEVED),
        (olga, GoalVisibility.PRIVATE, GoalStatus.ACHIEVED),
        (otto, GoalVisibility.GROUP, GoalStatus.DROPPED),
    ):
        Goal.objects.create(
            owner=owner,
            group=pair_m if owner in (mia, finn) else pair_o,
            what=f"{SENTINEL} goal",
            why=f"{SENTINEL} why",
            visibility=visibility,
            status=status,
        )
    return cast.lead, program


def sessions(f: figures.Figures) -> tuple[int, int, int]:
    return f.held, f.planned, f.cancelled


def actions(f: figures.Figures) -> tuple[int, int, int]:
    return f.actions_created, f.actions_done, f.actions_overdue


def test_it_counts_sessions_attendance_idle_groups_and_action_items(example):
    lead, program = example
    report = figures.program_report(program, lead, now=NOW)
    # Enrolled: the cast's two pairs and Wim. Placed: in a group and still enrolled, so not Wim,
    # nor the cast's former member, still in Pair M's history but not enrolled.
    assert (report.enrolled, report.placed, len(report.groups)) == (5, 4, 2)
    a, b = report.groups
    assert (a.name, b.name) == ("Pair M", "Pair O")
    assert sessions(a.figures) == (2, 1, 1) and a.figures.attendance_rate == 75
    assert actions(a.figures) == (3, 1, 1)
    assert not a.idle
    assert sessions(b.figures) == (1, 0, 0) and b.figures.attendance_rate is None
    assert actions(b.figures) == (2, 0, 1)
    assert b.idle
    assert report.idle_groups == 1
    assert sessions(report.totals) == (3, 1, 1) and report.totals.attendance_rate == 75
    assert actions(report.totals) == (5, 1, 2)


def test_it_counts_sessions_per_month_over_the_run(example):
    lead, program = example
    months = {
        m.month: (m.held, m.planned, m.cancelled)
        for m in figures.program_report(program, lead, now=NOW).months
    }
    assert months == {
        date(2026, 1, 1): (0, 0, 0),
        date(2026, 2, 1): (2, 0, 0),
        date(2026, 3, 1): (1, 1, 1),
        date(2026, 4, 1): (0, 0, 0),
    }


def test_it_counts_only_goals_whose_owner_lets_the_lead_see_their_status(example):
    lead, program = example
    goals = dict(figures.program_report(program, lead, now=NOW).goals_by_status)
    assert goals == {
        GoalStatus.ACTIVE.label: 1,
        GoalStatus.ACHIEVED.label: 1,
        GoalStatus.DROPPED.label: 0,
    }


def test_it_never_shows_what_members_wrote(example):
    lead, program = example
    client = signed_in_client(lead)
    page = client.get(reverse("reports:program", kwargs={"program_pk": program.pk}))
    export = client.get(reverse("reports:program_export", kwargs={"program_pk": program.pk}))
    assert page.status_code == export.status_code == 200
    assert "Pair M" in page.content.decode()
    assert SENTINEL not in page.content.decode()
    assert SENTINEL not in export.content.decode("utf-8-sig")
    for name in ("Mia", "Finn", "Olga", "Otto", "Wim", "Fred"):
        # As a word: three letters also turn up inside the page's random CSRF token.
        assert not re.search(rf"\b{name}\b", page.content.decode())


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    delimiter = ";" if ";" in text.splitlines()[0] else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_it_exports_the_group_table_with_headers_in_the_viewers_language(example):
    lead, program = example
    url = reverse("reports:program_export", kwargs={"program_pk": program.pk})
    english = read_csv(signed_in_client(lead).get(url))
    assert english[0][:3] == ["Group", "Members", "Sessions held"]
    assert [row[0] for row in english[1:]] == ["Pair M", "Pair O"]
    lead.preferred_language = "nl"
    lead.save()
    response = signed_in_client(lead).get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    dutch = read_csv(response)
    assert dutch[0][:3] == ["Groep", "Leden", "Gehouden sessies"]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)"])
def test_it_neutralises_formulas_in_group_names(org, name):
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    program = factories.make_program(org, leads=[lead])
    pair = [factories.make_person(org), factories.make_person(org)]
    factories.make_group(program, pair, name=name)
    url = reverse("reports:program_export", kwargs={"program_pk": program.pk})
    rows = read_csv(signed_in_client(lead).get(url))
    assert rows[1][0] == "'" + name


def test_it_leaves_ordinary_cells_alone():
    assert safe_cell("Pair A") == "Pair A"
    assert safe_cell(3) == 3


def test_it_answers_404_to_everyone_who_does_not_run_the_program(example, cast):
    _lead, program = example
    member, outsider, admin = cast.member, cast.outsider, cast.admin
    other_lead = factories.make_person(cast.organisation, "Other Lead", role=Role.LEAD)
    factories.make_program(cast.organisation, leads=[other_lead])
    for name in ("reports:program", "reports:program_export", "reports:program_export_xlsx"):
        url = reverse(name, kwargs={"program_pk": program.pk})
        for person in (member, other_lead, outsider):
            assert signed_in_client(person).get(url).status_code == 404, (name, person)
        assert signed_in_client(admin).get(url).status_code == 200


def test_it_lists_the_programs_a_lead_runs(example):
    lead, program = example
    page = signed_in_client(lead).get(reverse("reports:index")).content.decode()
    assert reverse("reports:program", kwargs={"program_pk": program.pk}) in page
    assert reverse("reports:index") in signed_in_client(lead).get(reverse("home")).content.decode()


def test_it_has_no_report_index_for_a_participant(example, cast):
    member = cast.member  # in Pair M
    assert signed_in_client(member).get(reverse("reports:index")).status_code == 404
    home = signed_in_client(member).get(reverse("home")).content.decode()
    assert reverse("reports:index") not in home


def test_it_is_quiet_about_idle_groups_when_the_program_does_not_run(example):
    lead, program = example
    program.status = ProgramStatus.CLOSED
    program.save()
    report = figures.program_report(program, lead, now=NOW + timedelta(days=60))
    assert report.idle_groups == 0
