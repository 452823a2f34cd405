"""A round is matched in a fixed number of queries, however many people it matches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peercoach.matching import planning
from peercoach.organisations.models import Role
from peercoach.programs.models import Enrolment, GroupMember
from tests import factories

pytestmark = pytest.mark.django_db


def plan_queries(org, size: int, *, again: bool = False) -> int:
    lead = factories.make_person(org, role=Role.LEAD)
    program = factories.make_program(org, leads=[lead], keep_reporting_lines_apart=True)
    boss = factories.make_person(org, with_user=False)
    people = [
        factories.make_person(org, with_user=False, manager=boss if i % 3 else None)
        for i in range(size)
    ]
    people[0].excluded.add(people[1])
    for person in people:
        Enrolment.objects.create(program=program, person=person)
    if again:
        planning.do_plan_round(program)
    with CaptureQueriesContext(connection) as queries:
        round_ = planning.do_plan_round(program)
    placed = GroupMember.objects.filter(group__round=round_).count()
    assert placed + len(round_.unplaced) == size
    return len(queries)


def test_it_matches_a_round_in_the_same_number_of_queries_for_8_or_48_people(org):
    assert plan_queries(org, 8) == plan_queries(org, 48)


def test_it_matches_a_draft_again_in_the_same_number_of_queries_for_8_or_48_people(org):
    assert plan_queries(org, 8, again=True) == plan_queries(org, 48, again=True)
