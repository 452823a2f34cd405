"""The set-partitioning bound (bench/partition_bound.py) against brute force and CP-SAT."""

import dataclasses
import itertools
import math

import pytest

from bench.match_cpsat_bench import cpsat_reference, engine_groups, lp_bound, pool
from bench.partition_bound import admissible_groups, partition_bound
from peercoach.matching.engine import Options
from peercoach.matching.engine.context import Context

pytestmark = pytest.mark.database_free


def partitions(people: list[int], k: int):
    """Every partition of `people` into groups of k (the first person's group first)."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for others in itertools.combinations(rest, k - 1):
        left = [p for p in rest if p not in others]
        for tail in partitions(left, k):
            yield [(first, *others), *tail]


def brute_force_optimum(ctx: Context, k: int) -> float:
    groups, value = admissible_groups(ctx, k)
    by_group = {tuple(g): v for g, v in zip(groups.tolist(), value.tolist(), strict=True)}
    return max(
        sum(by_group[g] for g in split)
        for split in partitions(list(range(ctx.n)), k)
        if all(g in by_group for g in split)
    )


def with_a_manager(n: int, seed: int):
    """`pool(n, seed)` whose first person manages some others (pairs that may not meet)."""
    people = pool(n, seed)
    return [dataclasses.replace(people[0], id="mSales0"), *people[1:]]


@pytest.mark.parametrize("k,seed", [(3, 0), (3, 1), (4, 2), (4, 3)])
def test_the_bound_is_never_below_the_best_partition_and_never_above_the_pair_lp(k, seed):
    people, options = with_a_manager(12, seed), Options(group_size=k)
    ctx = Context(people, options)
    groups, _ = admissible_groups(ctx, k)
    assert len(groups) < math.comb(12, k)  # a manager is in it
    optimum = brute_force_optimum(ctx, k)
    start = engine_groups(people, options)
    found = partition_bound(people, options, start)
    assert found["converged"]
    assert optimum - 1e-9 <= found["bound"] <= lp_bound(people, options) + 1e-6
    # Stopped after its first LP, the bound is looser but still a bound.
    early = partition_bound(people, options, start, max_rounds=1)
    assert not early["converged"]
    assert early["bound"] >= found["bound"] - 1e-9


def test_it_proves_the_optimum_cpsat_proves_for_fifteen_in_fives():
    people, options = pool(15), Options(group_size=5)
    ref = cpsat_reference(people, options, seconds=20)
    assert ref["status"] == "OPTIMAL"
    found = partition_bound(people, options, engine_groups(people, options))
    assert found["bound"] == pytest.approx(ref["best"], abs=1e-3)


def test_a_start_that_is_not_a_group_of_k_is_refused():
    people, options = pool(10), Options(group_size=5)
    with pytest.raises(ValueError):
        partition_bound(people, options, [[0, 1, 2, 3], [4, 5, 6, 7, 8, 9]])
    with pytest.raises(ValueError):
        partition_bound(people, options, [[0, 1, 2, 3, 4], [0, 5, 6, 7, 8]])
