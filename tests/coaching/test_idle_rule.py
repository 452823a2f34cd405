"""Which groups are idle is decided by the database (`coaching.rhythm`), and agrees with the rule
written out in Python: nothing planned, and the last session that was not cancelled (or else
the program's first day) lies two cadence periods back or more."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peercoach.coaching import rhythm
from peercoach.coaching.models import SessionStatus
from peercoach.lib.dates import start_of
from peercoach.programs.models import Cadence, ProgramStatus
from tests import factories

pytestmark = pytest.mark.django_db

HELD, PLANNED, CANCELLED = SessionStatus.HELD, SessionStatus.PLANNED, SessionStatus.CANCELLED

# Sessions of one group, as (days from now, status); the days sit on both sides of every
# cadence's cutoff (14, 28 and 60 days back) and on it.
HISTORIES = [
    [],
    [(-3, HELD)],
    [(-13, HELD)],
    [(-15, HELD)],
    [(-27, PLANNED)],  # planned but never marked held: it still counts as a meeting
    [(-29, HELD), (-5, CANCELLED)],
    [(-40, HELD), (4, PLANNED)],
    [(-59, HELD)],
    [(-61, HELD), (-2, CANCELLED)],
    [(-90, HELD), (3, CANCELLED)],
    [(-10, CANCELLED)],
    [(6, PLANNED)],
]


def reference(group, now) -> bool:
    sessions = list(group.sessions.all())
    met = [s.starts_at for s in sessions if s.status != CANCELLED and s.starts_at <= now]
    if any(s.status == PLANNED and s.starts_at > now for s in sessions):
        return False
    since = max(met) if met else start_of(group.program.starts_on)
    return since <= now - 2 * Cadence(group.program.cadence).period


def test_the_database_finds_the_groups_the_rule_names(org):
    now = timezone.now()
    groups = []
    for cadence in Cadence:
        for started_days_ago in (10, 100):
            program = factories.make_program(
                org,
                cadence=cadence,
                status=ProgramStatus.RUNNING,
                starts_on=timezone.localdate(now) - timedelta(days=started_days_ago),
            )
            for history in HISTORIES:
                group = factories.make_group(program, [])
                for days, status in history:
                    factories.make_session(group, days_from_now=days, status=status)
                groups.append(group)
    # Exactly on a cutoff: that group is idle (two periods have gone by).
    program = factories.make_program(org, cadence=Cadence.WEEKLY, status=ProgramStatus.RUNNING)
    on_the_cutoff = factories.make_group(program, [])
    factories.make_session(on_the_cutoff, starts_at=now - timedelta(days=14), status=HELD)
    groups.append(on_the_cutoff)

    expected = {group.pk for group in groups if reference(group, now)}
    assert on_the_cutoff.pk in expected
    assert 0 < len(expected) < len(groups)
    assert {group.pk for group in rhythm.idle_groups(now)} == expected
    assert {pk for pk, _program in rhythm.idle_group_rows(now)} == expected
    assert rhythm.idle_group_ids(now, program.pk) == {on_the_cutoff.pk}
    last_met = {group.pk: group.last_met for group in rhythm.idle_groups(now)}
    assert last_met[on_the_cutoff.pk] == now - timedelta(days=14)
