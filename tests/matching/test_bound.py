"""The certified upper bound on a round of pairs, checked against brute force on small pools."""

import functools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peercoach.matching.engine import Options, Person, plan_rounds
from peercoach.matching.engine import bound as bound_module
from peercoach.matching.engine.candidates import pair_key
from peercoach.matching.engine.context import Context

from .test_engine import org_strategy

pytestmark = pytest.mark.database_free


def brute_force_optimum(ctx: Context, met: set[int]) -> float:
    """The best matching of admissible new pairs, by trying every matching."""
    n = ctx.n

    @functools.cache
    def best(free: frozenset[int]) -> float:
        if len(free) < 2:
            return 0.0
        u = min(free)
        rest = free - {u}
        value = best(rest)  # u stays alone
        for v in rest:
            if ctx.ok(u, v) and pair_key(u, v, n) not in met:
                value = max(value, ctx.weight(u, v) + best(rest - {v}))
        return value

    return best(frozenset(range(n)))


def random_met(n: int, seed: int) -> set[int]:
    rng = random.Random(seed)
    return {pair_key(i, j, n) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.2}


@pytest.mark.parametrize("exact_max", [4_000, 0])  # the scan, and the O(N) relaxation
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=org_strategy(), seed=st.integers(0, 3))
def test_it_never_promises_less_than_the_best_possible_matching(org, seed, exact_max):
    ps, options = org
    options = Options(
        cross_department=options.cross_department,
        exclude_reporting_chain=options.exclude_reporting_chain,
        exclude_same_manager=seed % 2 == 1,
    )
    ctx = Context(ps, options)
    met = random_met(ctx.n, seed) if seed else set()
    upper, _ = bound_module.pair_bound(ctx, list(range(ctx.n)), met, exact_max=exact_max)
    assert upper >= brute_force_optimum(ctx, met) - 1e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=org_strategy(), seed=st.integers(0, 3))
def test_it_returns_a_bound_above_the_plan_with_every_round_of_pairs(org, seed):
    ps, _ = org
    results = plan_rounds(ps, Options(), rounds=2, seed=seed)
    for r in results:
        assert r.upper_bound is not None
        assert r.pair_weight <= r.upper_bound + 1e-6
        if r.upper_bound:
            assert 0 <= r.share_of_best <= 1


def test_it_finds_the_best_pairs_and_proves_it_is_close_in_an_even_pool():
    rng = random.Random(3)
    skills = ["a", "b", "c", "d", "e", "f"]
    ps = [
        Person(
            id=f"p{i:02d}",
            department=rng.choice("XYZ"),
            languages=frozenset({"en"}),
            skills_offered=frozenset(rng.sample(skills, 2)),
            skills_wanted=frozenset(rng.sample(skills, 2)),
            experience_years=rng.randint(0, 30),
        )
        for i in range(14)
    ]
    [r] = plan_rounds(ps, Options())
    optimum = brute_force_optimum(Context(ps, Options()), set())
    assert r.pair_weight >= 0.99 * optimum
    assert optimum <= r.upper_bound <= optimum * 1.05


class _Failed:
    status = 4
    ineqlin = None
    fun = 0.0


@pytest.mark.parametrize("how", ["one_pair_per_round", "solver_fails"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=org_strategy(), seed=st.integers(0, 3))
def test_the_lp_bound_stays_valid_when_it_stops_early_or_the_solver_fails(org, seed, how):
    # Stopping early leaves pairs outside the LP: only the repair scan keeps the bound valid.
    ps, options = org
    ctx = Context(ps, options)
    met = random_met(ctx.n, seed) if seed else set()
    with pytest.MonkeyPatch.context() as mp:
        if how == "solver_fails":
            mp.setattr(bound_module, "linprog", lambda *a, **k: _Failed())
        else:
            mp.setattr(bound_module, "LP_ADD", 1)
            mp.setattr(bound_module, "LP_ROUNDS", 1)
        upper, _ = bound_module.pair_bound(ctx, list(range(ctx.n)), met)
    assert upper >= brute_force_optimum(ctx, met) - 1e-9


def test_the_lp_bound_is_the_optimum_when_the_lp_is_integral():
    # Everyone wants what the next one offers: a chain whose LP optimum is a matching.
    skills = "abcdefghijkl"
    ps = [
        Person(
            id=f"p{i:02d}",
            department=f"D{i % 3}",
            languages=frozenset({"en"}),
            skills_offered=frozenset({skills[i]}),
            skills_wanted=frozenset({skills[(i + 1) % 12]}),
            experience_years=i * 2,
        )
        for i in range(12)
    ]
    ctx = Context(ps, Options())
    optimum = brute_force_optimum(ctx, set())
    upper, _ = bound_module.pair_bound(ctx, list(range(ctx.n)), set())
    assert optimum - 1e-9 <= upper <= optimum * (1 + bound_module.LP_GAP) + 1e-9
