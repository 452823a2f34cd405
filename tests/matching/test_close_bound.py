"""The bound of big pools (`close_bound`): each person's close pairs weighed exactly, everyone else
bounded by class, the LP solved as an assignment. Checked against brute force and HiGHS."""

import random

import numpy as np
import pytest
import rustworkx as rx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peercoach.matching.engine import Options, Person, assignment_dual, pairs, plan_rounds
from peercoach.matching.engine import bound as bound_module
from peercoach.matching.engine.candidates import pair_key
from peercoach.matching.engine.close_bound import CloseBound
from peercoach.matching.engine.close_pairs import ClosePairs
from peercoach.matching.engine.context import Context

from .test_bound import brute_force_optimum, random_met

pytestmark = pytest.mark.database_free

SKILLS = "uvwxyz"
ZONES = [None, "Europe/Amsterdam", "Europe/London", "America/New_York", "Asia/Singapore"]


@st.composite
def rich_org(draw, most: int = 12):
    """People with everything the weight looks at: up to three skills each way, experience past
    35 years or unknown, time zones, role preferences; and every hard rule."""
    n = draw(st.integers(2, most))
    skills = st.sets(st.sampled_from(SKILLS), max_size=3)
    ps = []
    for i in range(n):
        mgr = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        ps.append(
            Person(
                id=f"p{i}",
                department=draw(st.sampled_from("ABC")),
                manager_id=f"p{mgr}" if mgr is not None else None,
                languages=frozenset(draw(st.sets(st.sampled_from(["nl", "en"]), min_size=1))),
                skills_offered=frozenset(draw(skills)),
                skills_wanted=frozenset(draw(skills)),
                experience_years=draw(st.one_of(st.none(), st.integers(0, 60))),
                time_zone=draw(st.sampled_from(ZONES)),
                role_preference=draw(st.sampled_from(["both", "coach", "coachee"])),
                exclude=frozenset(
                    f"p{j}" for j in draw(st.sets(st.integers(0, n - 1), max_size=1)) if j != i
                ),
            )
        )
    options = Options(
        cross_department=draw(st.booleans()),
        exclude_reporting_chain=draw(st.booleans()),
        exclude_same_manager=draw(st.booleans()),
    )
    return ps, options


def close(ctx: Context, i: int, j: int) -> bool:
    x = (ctx.want[i] & ctx.off[j]).bit_count()
    y = (ctx.off[i] & ctx.want[j]).bit_count()
    return (x > 0 and y > 0) or x >= 2 or y >= 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=rich_org(), seed=st.integers(0, 3))
def test_it_never_promises_less_than_the_best_possible_matching(org, seed):
    ps, options = org
    ctx = Context(ps, options)
    met = random_met(ctx.n, seed) if seed else set()
    optimum = brute_force_optimum(ctx, met)
    closer = CloseBound(ctx, list(range(ctx.n)), met, k=2)
    lo, hi = closer.edges  # the plan's candidates: admissible and new
    for u, v in zip(lo.tolist(), hi.tolist(), strict=True):
        assert ctx.ok(u, v) and pair_key(u, v, ctx.n) not in met
    assert closer.finish() >= optimum - 1e-9
    # With a plan among the LP's columns, and told it is good enough to stop at once.
    plan = (lo[: len(lo) // 2], hi[: len(hi) // 2])
    assert closer.finish(plan, plan_weight=1e9) >= optimum - 1e-9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=rich_org(), seed=st.integers(0, 3), data=st.data())
def test_close_pairs_are_weighed_exactly_and_the_class_bound_covers_all_others(org, seed, data):
    ps, options = org
    ctx = Context(ps, options)
    met = random_met(ctx.n, seed) if seed else set()
    scan = ClosePairs(ctx, list(range(ctx.n)), met)
    weighed = {}
    for rows, cols, w in scan.blocks():
        weighed.update(zip(zip(rows.tolist(), cols.tolist(), strict=True), w.tolist(), strict=True))
    y = np.array(data.draw(st.lists(st.floats(0, 12), min_size=ctx.n, max_size=ctx.n)))
    others = scan.others(y)
    for i in range(ctx.n):
        for j in range(ctx.n):
            fresh = i != j and ctx.ok(i, j) and pair_key(i, j, ctx.n) not in met
            if fresh and close(ctx, i, j):
                assert weighed[(i, j)] == pytest.approx(ctx.weight(i, j))
            elif fresh:
                assert ctx.weight(i, j) - y[j] <= others[i] + 1e-9
            else:
                assert (i, j) not in weighed


@settings(max_examples=40, deadline=None)
@given(m=st.integers(2, 30), seed=st.integers(0, 1000))
def test_the_assignment_finds_the_lp_optimum_and_a_dual_of_the_same_value(m, seed):
    rng = random.Random(seed)
    pairs_ = {(a, b) for a in range(m) for b in range(a + 1, m) if rng.random() < 0.3}
    if not pairs_:
        return
    keys = np.array(sorted(a * m + b for a, b in pairs_), dtype=np.int64)
    weights = np.array([rng.randint(1, 40) / 8 for _ in keys])
    value, y, support = assignment_dual.lp_dual(m, keys, weights)
    highs_value, _, _ = bound_module._lp_dual(m, keys, weights)
    assert value == pytest.approx(highs_value, abs=1e-5)
    assert y.sum() == pytest.approx(value, abs=1e-5)
    assert (y >= 0).all()
    assert (weights - y[keys // m] - y[keys % m] <= 1e-6).all()
    assert set(support.tolist()) <= set(keys.tolist())


def test_the_full_scan_weighs_experience_past_35_years_as_the_context_does():
    # The scan coded years capped at 35: 50 and 36 years looked alike (gap 0, not 14).
    ps = [
        Person(id=f"p{k}", languages=frozenset({"en"}), experience_years=years)
        for k, years in enumerate([50, 36, 20, None])
    ]
    ctx = Context(ps, Options())
    rows = bound_module.Scanner(ctx, range(4), set()).rows(0, 4)
    for i in range(4):
        for j in range(4):
            if i != j:
                assert rows[i, j] == pytest.approx(ctx.weight(i, j))


def big_pool() -> list[Person]:
    rng = random.Random(5)
    skills = [f"s{k}" for k in range(12)]
    return [
        Person(
            id=f"p{i:03d}",
            department=f"D{rng.randrange(6)}",
            languages=frozenset(rng.choice([{"nl", "en"}, {"en"}, {"nl"}])),
            skills_offered=frozenset(rng.sample(skills, rng.randint(1, 3))),
            skills_wanted=frozenset(rng.sample(skills, rng.randint(1, 3))),
            experience_years=rng.randint(0, 40),
            time_zone=rng.choice(ZONES),
        )
        for i in range(300)
    ]


def test_a_big_pool_is_planned_near_its_certified_bound(monkeypatch):
    # The sizes are scaled down: pools past BOUND_MAX take the close pairs' bound and pairs.
    monkeypatch.setattr(pairs, "BOUND_MAX", 100)
    ps = big_pool()
    [result] = plan_rounds(ps, Options(), seed=1)
    ctx = Context(ps, Options())
    graph = rx.PyGraph()
    graph.add_nodes_from(range(ctx.n))
    for i in range(ctx.n):
        for j in range(i + 1, ctx.n):
            if ctx.ok(i, j):
                graph.add_edge(i, j, round(ctx.weight(i, j) * 1000))
    best = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    optimum = sum(ctx.weight(i, j) for i, j in best)
    assert result.upper_bound >= optimum - 1e-3
    assert result.share_of_best >= 0.99
    assert not result.unplaced


def test_pools_with_the_close_bound_are_planned_in_one_block():
    # The best pairs are positions in the whole pool: they join the graph only of a single block.
    from peercoach.matching.engine import close_bound as close_bound_module

    assert close_bound_module.CLOSE_MAX <= pairs.BLOCK


def test_a_pool_where_most_pairs_are_close_gets_the_quick_bound(monkeypatch):
    # Few skills make most pairs close; the close pairs' bound would cost a full scan's time.
    from peercoach.matching.engine import close_bound as close_bound_module

    monkeypatch.setattr(pairs, "BOUND_MAX", 100)
    ps = big_pool()
    ctx = Context(ps, Options())
    scan = ClosePairs(ctx, list(range(ctx.n)), set())
    assert scan.product_size() >= sum(len(rows) for rows, _c, _w in scan.blocks())
    monkeypatch.setattr(close_bound_module, "STORE_MAX", scan.product_size() - 1)
    [result] = plan_rounds(ps, Options(), seed=1)
    quick, _ = bound_module.pair_bound(ctx, list(range(ctx.n)), set(), exact_max=0)
    assert result.upper_bound == pytest.approx(quick, abs=1e-3)
