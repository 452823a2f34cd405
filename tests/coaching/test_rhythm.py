"""The idle rule's two forms (groups for the nudge, ids for the at-risk list and the report)
always agree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from peercoach.coaching import rhythm
from peercoach.coaching.models import SessionStatus
from peercoach.programs.models import Cadence, ProgramStatus
from tests import factories


@pytest.mark.parametrize("started_days_ago", [3, 30])
def test_idle_ids_are_the_idle_groups(org, started_days_ago):
    program = factories.make_program(
        org,
        status=ProgramStatus.RUNNING,
        cadence=Cadence.BIWEEKLY,
        starts_on=date.today() - timedelta(days=started_days_ago),
    )
    groups = [
        factories.make_group(program, [factories.make_person(org), factories.make_person(org)])
        for _ in range(5)
    ]
    never_met, met_long_ago, met_lately, planned, cancelled_only = groups
    factories.make_session(met_long_ago, days_from_now=-40, status=SessionStatus.HELD)
    factories.make_session(met_lately, days_from_now=-3, status=SessionStatus.HELD)
    factories.make_session(planned, days_from_now=-40, status=SessionStatus.HELD)
    factories.make_session(planned, days_from_now=4)
    factories.make_session(cancelled_only, days_from_now=-2, status=SessionStatus.CANCELLED)
    now = timezone.now()
    expected = {group.pk for group in rhythm.idle_groups(now, program.pk)}
    assert rhythm.idle_group_ids(now, program.pk) == expected
    assert met_long_ago.pk in expected and met_lately.pk not in expected
    assert (never_met.pk in expected) == (started_days_ago == 30)
