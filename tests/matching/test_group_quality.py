"""One round of groups scored as well as CP-SAT's optimum, and rotations that start from it."""

import itertools

import pytest

from bench.match_cpsat_bench import cpsat_reference, engine_objective, pool
from peercoach.matching.engine import Options, Person, plan_rounds
from peercoach.matching.engine.context import Context
from peercoach.matching.engine.relabel import relabel
from peercoach.matching.engine.schedule import constructions
from tests.matching.test_rotation import strict_repeat_free

pytestmark = pytest.mark.database_free


def partition(result):
    return {frozenset(g.members) for g in result.groups}


def test_one_round_of_fifteen_in_fives_scores_at_least_99_percent_of_the_proven_optimum():
    people, options = pool(15), Options(group_size=5)
    ref = cpsat_reference(people, options, seconds=20)
    assert ref["status"] == "OPTIMAL"
    engine = engine_objective(people, options)
    assert ref["best"] * 0.99 <= engine <= ref["bound"] + 0.01


@pytest.mark.parametrize("n,k,limit", [(25, 5, 6), (16, 4, 5), (21, 3, 10)])
def test_rounds_after_the_best_first_round_stay_repeat_free(n, k, limit):
    people, options = pool(n), Options(group_size=k)
    (alone,) = plan_rounds(people, options)
    at_once = plan_rounds(people, options, rounds=limit)
    assert strict_repeat_free(at_once, k) == limit
    assert partition(at_once[0]) == partition(alone)
    history, one_by_one = [], []
    for number in range(limit):
        (result,) = plan_rounds(people, options, history=history, seed=number)
        history.append([g.members for g in result.groups])
        one_by_one.append(result)
    assert partition(one_by_one[0]) == partition(alone)
    assert strict_repeat_free(one_by_one, k) == limit


def test_a_rotation_of_16_in_fours_starts_with_a_round_within_1_percent_of_the_optimum():
    people, options = pool(16), Options(group_size=4)
    ref = cpsat_reference(people, options, seconds=20)
    assert ref["status"] == "OPTIMAL"
    at_once = plan_rounds(people, options, rounds=5)
    assert strict_repeat_free(at_once, 4) == 5
    assert sum(g.score for g in at_once[0].groups) >= 0.99 * ref["best"]


def test_a_relabelled_construction_starts_from_any_partition_and_repeats_nobody():
    ctx = Context(pool(25), Options(group_size=5))
    (built,) = constructions(25, 5)
    anchor = [[5 * g + x for x in range(5)] for g in range(5)]
    anchor = [[(7 * i + 3) % 25 for i in g] for g in anchor]  # any partition into fives
    t, rounds = relabel(ctx, built, anchor, list(range(25)))
    assert {frozenset(g) for g in rounds[t]} == {frozenset(g) for g in anchor}
    seen = set()
    for groups in rounds:
        assert sorted(i for g in groups for i in g) == list(range(25))
        pairs = {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}
        assert not (pairs & seen)
        seen |= pairs


def test_the_relabelling_puts_forbidden_pairs_into_as_few_rounds_as_it_can():
    # A manager with four reports: in a 6-round design every pair meets once, so the manager
    # meets the reports somewhere; the best relabelling puts all four meetings in one round.
    people = [Person(id="boss", languages=frozenset({"en"}))]
    people += [Person(id=f"r{i}", manager_id="boss", languages=frozenset({"en"})) for i in range(4)]
    people += [Person(id=f"p{i:02d}", languages=frozenset({"en"})) for i in range(20)]
    ctx = Context(people, Options(group_size=5))
    (built,) = constructions(25, 5)
    # The manager with four others, each report in another group: a valid first round.
    anchor = [[0, 5, 6, 7, 8], [1, 9, 10, 11, 12], [2, 13, 14, 15, 16], [3, 17, 18, 19, 20]]
    anchor.append([4, 21, 22, 23, 24])
    t, rounds = relabel(ctx, built, anchor, list(range(25)))
    broken = [
        sum(not ctx.ok(i, j) for g in groups for i, j in itertools.combinations(g, 2))
        for r, groups in enumerate(rounds)
        if r != t
    ]
    assert sorted(broken) == [0, 0, 0, 0, 4]
