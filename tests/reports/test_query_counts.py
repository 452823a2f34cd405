"""Both reports do a fixed number of queries: the same for a small program and team as for a
large one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peercoach.coaching.models import Attendance, SessionStatus
from peercoach.growth.models import Goal, GoalVisibility
from peercoach.organisations.models import Role
from peercoach.programs.models import ProgramStatus
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def build(pairs: int, sessions_per_pair: int):
    org = factories.make_organisation()
    lead = factories.make_person(org, "Lead", role=Role.LEAD)
    manager = factories.make_person(org, "Manager")
    team_lead = factories.make_person(org, "Team lead", manager=manager)
    program = factories.make_program(org, leads=[lead], status=ProgramStatus.RUNNING)
    for _ in range(pairs):
        # Everyone reports to the manager, through a team lead: the view walks the tree.
        pair = [factories.make_person(org, manager=team_lead) for _ in range(2)]
        group = factories.make_group(program, pair)
        for day in range(sessions_per_pair):
            status = SessionStatus.HELD if day % 3 else SessionStatus.CANCELLED
            session = factories.make_session(group, days_from_now=-7 * day - 1, status=status)
            for person in pair:
                Attendance.objects.create(session=session, person=person, present=day % 2 == 0)
                factories.make_action_item(session, person, "an action")
        factories.make_session(group, days_from_now=3)
        Goal.objects.create(
            owner=pair[0], group=group, what="a goal", visibility=GoalVisibility.LEAD_STATUS
        )
    return lead, manager, program


def count_queries(person, url: str) -> int:
    client = signed_in_client(person)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def measure(pairs: int, sessions: int) -> dict[str, int]:
    lead, manager, program = build(pairs, sessions)
    return {
        "index": count_queries(lead, reverse("reports:index")),
        "program": count_queries(lead, reverse("reports:program", args=[program.pk])),
        "export": count_queries(lead, reverse("reports:program_export", args=[program.pk])),
        "xlsx": count_queries(lead, reverse("reports:program_export_xlsx", args=[program.pk])),
        "team": count_queries(manager, reverse("reports:team")),
    }


def test_it_does_not_grow_queries_with_data_size():
    # Three sessions: the smallest data in which people attend a held one, so both sizes show
    # their figures (held-back figures need fewer queries).
    few = measure(pairs=3, sessions=3)
    many = measure(pairs=30, sessions=8)
    assert few == many
    assert max(many.values()) <= 25, many
