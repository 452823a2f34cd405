"""The dashboard's, the program page's and the report's counts are kept between requests, and
every write that changes them is seen at once: after each step below, what the pages show
equals what a fresh count gives, and the step did change it (so the comparison could fail)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peercoach.coaching import actions as coaching
from peercoach.coaching.models import CoachingSession
from peercoach.health.actions import do_withdraw
from peercoach.home.dashboard import lead_dashboard
from peercoach.notifications.retention import sweep
from peercoach.programs import kept_figures
from peercoach.programs.models import FiguresChange, ProgramStatus
from peercoach.reports.figures import program_report
from peercoach.running import actions as running
from peercoach.running import overview
from tests import factories


@pytest.fixture
def cast(cast, settings):
    settings.REPORTS_MINIMUM_GROUP = 1  # every figure shows, so every change is visible
    cast.program.status = ProgramStatus.RUNNING
    cast.program.save()
    return cast


def shown(cast) -> tuple:
    """What the lead's home, the program page and the program report show of its counts."""
    (card,) = lead_dashboard(cast.lead).programs
    report = program_report(cast.program, cast.lead)
    return (
        overview.counts(cast.program),
        (card.enrolled, card.placed, [step.done for step in card.steps]),
        (card.idle_groups, card.overdue_actions, card.sessions_this_week),
        (report.enrolled, report.placed, report.taking_part, report.idle_groups),
        report.totals,
        [
            (month.month, month.held, month.planned, month.cancelled)
            for month in report.months or []
        ],
        [(row.pk, row.members, row.idle, row.figures) for row in report.groups],
    )


def fresh(cast) -> tuple:
    kept_figures.forget_all()
    return shown(cast)


def test_every_write_that_changes_a_count_is_shown_at_once(cast):
    now = timezone.now()
    yesterday = timezone.localdate() - timedelta(days=1)
    newcomer = factories.make_person(cast.organisation, "Nina Newcomer")
    third = factories.make_person(cast.organisation, "Theo Third")
    state: dict = {}

    def past_session():
        state["past"] = factories.make_session(cast.group, days_from_now=-2)

    def attendance():
        coaching.do_record_attendance(state["past"], {cast.member.pk: True, cast.fellow.pk: False})

    def action_item():
        state["item"] = coaching.do_add_action_item(
            state["past"], cast.member, cast.member, "Try it", due_on=yesterday
        )

    def series():
        first = CoachingSession(starts_at=now + timedelta(days=1), duration_minutes=60)
        state["series"] = coaching.do_schedule_series(cast.group, first, 3, "Europe/Amsterdam")

    steps = {
        "a session in the past": past_session,
        "attendance recorded (a bulk write)": attendance,
        "an overdue action item": action_item,
        "the action item done": lambda: coaching.do_toggle_action_item(state["item"]),
        "a series scheduled": series,
        "a session cancelled": lambda: coaching.do_cancel(state["series"][-1]),
        "people enrolled (a bulk write)": lambda: running.do_enrol(cast.program, [newcomer, third]),
        "a group formed (its members a bulk write)": lambda: running.do_form_group(
            cast.program, "Pair N", [newcomer, third], by=cast.lead
        ),
        "a member added": lambda: running.do_add_member(
            cast.other_group, cast.manager, by=cast.lead
        ),
        "a member removed (a queryset delete)": lambda: running.do_remove_member(
            cast.other_group, cast.manager
        ),
        "someone withdrew": lambda: do_withdraw(cast.program, cast.fellow),
        "a member deactivated": lambda: _deactivate(cast.member),
    }
    before = shown(cast)
    for name, step in steps.items():
        if name == "a member added":
            running.do_enrol(cast.program, [cast.manager])
            before = fresh(cast)
        step()
        after = shown(cast)
        assert after == fresh(cast), name
        assert after != before, f"{name} changed no count: the check proves nothing"
        before = after


def _deactivate(person) -> None:
    person.is_active = False
    person.save()


def test_a_kept_count_is_read_without_counting_the_sessions_again(cast):
    factories.make_session(cast.group, days_from_now=-2)
    shown(cast)
    with CaptureQueriesContext(connection) as queries:
        shown(cast)
    counted = [q["sql"] for q in queries if "coaching_coachingsession" in q["sql"]]
    assert counted == []
    kept_figures.forget_all()
    with CaptureQueriesContext(connection) as queries:
        shown(cast)
    assert any("coaching_coachingsession" in q["sql"] for q in queries)


def test_a_kept_count_lasts_at_most_its_time(cast, monkeypatch):
    shown(cast)
    with CaptureQueriesContext(connection) as kept:
        shown(cast)
    monkeypatch.setattr(kept_figures, "KEEP_SECONDS", 0)
    with CaptureQueriesContext(connection) as expired:
        shown(cast)
    assert len(expired) > len(kept)


def test_the_daily_sweep_keeps_each_programs_newest_change(cast):
    other = factories.make_program(cast.organisation)
    kept_figures.changed(programs=[cast.program.pk, other.pk])
    kept_figures.changed(programs=[cast.program.pk])
    newest = {
        pk: FiguresChange.objects.filter(program_id=pk).latest("id").pk
        for pk in (cast.program.pk, other.pk)
    }
    shown(cast)

    counts = sweep()

    assert counts["figures_changes_pruned"] > 0
    assert {c.program_id: c.pk for c in FiguresChange.objects.all()} == newest
    assert shown(cast) == fresh(cast)


def test_a_change_committed_after_a_newer_one_is_seen(cast):
    """Ids are handed out before commit: a writer holding a smaller id can commit after one with
    a larger id, so the newest id alone would not move; the number of changes does."""
    FiguresChange.objects.all().delete()
    kept_figures.changed(programs=[cast.program.pk])
    kept_figures.changed(programs=[cast.program.pk])
    late, newest = FiguresChange.objects.order_by("id").values_list("id", flat=True)
    FiguresChange.objects.filter(pk=late).delete()  # not committed yet, as far as readers know
    before = shown(cast)
    factories.make_session(cast.group, days_from_now=-2)  # what the late writer wrote
    FiguresChange.objects.exclude(pk=newest).delete()  # (the session's own change)
    FiguresChange.objects.create(id=late, program=cast.program)  # ... and now it commits

    after = shown(cast)

    assert after != before
    assert after == fresh(cast)
