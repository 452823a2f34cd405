"""Fair rotation of roles over many sessions."""

from collections import Counter

import pytest

from peercoach.methods.models import SessionRoleName as R
from peercoach.methods.roles import plan_roles, propose_roles, save_roles
from peercoach.programs.models import Format
from tests import factories


def run_sessions(members, count, *, pair=False):
    history = []
    for _ in range(count):
        history.append(plan_roles(members, history, pair=pair))
    return history


def case_bringers(history):
    return [next(p for p, role in roles.items() if role == R.CASE_BRINGER) for roles in history]


@pytest.mark.parametrize("size", [3, 4, 5, 6])
def test_it_lets_everyone_bring_a_case_before_anyone_brings_one_twice(size):
    members = list(range(100, 100 + size))
    bringers = case_bringers(run_sessions(members, 10))
    for start in range(0, 10, size):
        chunk = bringers[start : start + size]
        assert len(set(chunk)) == len(chunk), bringers
    counts = Counter(bringers)
    assert max(counts.values()) - min(counts[m] for m in members) <= 1


@pytest.mark.parametrize("size", [4, 5, 6, 7, 8])
def test_it_spreads_every_role_evenly_over_ten_sessions(size):
    members = list(range(1, size + 1))
    history = run_sessions(members, 10)
    for role in (R.CASE_BRINGER, R.FACILITATOR, R.TIMEKEEPER, R.OBSERVER):
        counts = Counter(p for roles in history for p, r in roles.items() if r == role)
        assert max(counts[m] for m in members) - min(counts[m] for m in members) <= 1, role


def test_it_gives_each_of_five_members_each_role_twice_in_ten_sessions():
    members = [1, 2, 3, 4, 5]
    history = run_sessions(members, 10)
    for role in (R.FACILITATOR, R.TIMEKEEPER, R.OBSERVER, R.MEMBER):
        counts = Counter(p for roles in history for p, r in roles.items() if r == role)
        assert sorted(counts[m] for m in members) == [2, 2, 2, 2, 2], role
    for roles in history:
        assert sorted(roles.values()) == sorted(
            [R.CASE_BRINGER, R.FACILITATOR, R.TIMEKEEPER, R.OBSERVER, R.MEMBER]
        )
        assert [p for p, r in roles.items() if r == R.CASE_BRINGER] != [
            p for p, r in roles.items() if r == R.FACILITATOR
        ]


def test_it_alternates_coach_and_coachee_in_a_pair():
    history = run_sessions([7, 8], 10, pair=True)
    coachees = [next(p for p, r in roles.items() if r == R.COACHEE) for roles in history]
    assert coachees == [7, 8] * 5
    assert all(sorted(roles.values()) == [R.COACH, R.COACHEE] for roles in history)


def test_it_keeps_a_small_group_to_the_roles_it_has_people_for():
    roles = plan_roles([1, 2, 3], [], pair=False)
    assert sorted(roles.values()) == sorted([R.CASE_BRINGER, R.FACILITATOR, R.TIMEKEEPER])


@pytest.mark.django_db
def test_it_rotates_from_the_saved_roles_of_earlier_sessions(org):
    people = [factories.make_person(org, name) for name in ("Ann", "Bo", "Cas", "Dee")]
    program = factories.make_program(org, format=Format.GROUPS, group_size=4)
    group = factories.make_group(program, people)
    bringers = []
    for day in range(1, 11):
        session = factories.make_session(group, days_from_now=day)
        roles = propose_roles(session)
        save_roles(session, roles)
        bringers.append(next(p for p, r in roles.items() if r == R.CASE_BRINGER))
    assert len(set(bringers[:4])) == 4 and len(set(bringers[4:8])) == 4
    assert Counter(bringers).most_common(1)[0][1] == 3
