"""The pairs path on pools above the complete-graph size: the candidate graph's bucket draws, the
local search that starts from the relaxation's odd cycles, and the sorting helpers."""

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from peercoach.matching.engine import Options, Person, hard_constraint_violations, plan_rounds
from peercoach.matching.engine.candidates import COMPLETE_GRAPH_MAX, candidate_graph, pair_key
from peercoach.matching.engine.context import Context
from peercoach.matching.engine.matching import (
    contains,
    extend,
    improve,
    match,
    rows_by_weight,
    to_adjacency,
    unique_keys,
)

pytestmark = pytest.mark.database_free

SKILLS = [f"s{k}" for k in range(12)]


def crowd(n: int, seed: int) -> list[Person]:
    rng = random.Random(seed)
    ids = [f"p{i:03d}" for i in range(n)]
    return [
        Person(
            id=ids[i],
            department=rng.choice("ABCD"),
            manager_id=ids[rng.randrange(i)] if i and rng.random() < 0.8 else None,
            languages=frozenset(rng.choice([{"en"}, {"en", "nl"}, {"nl"}, {"de"}])),
            skills_offered=frozenset(rng.sample(SKILLS, rng.randint(0, 3))),
            skills_wanted=frozenset(rng.sample(SKILLS, rng.randint(0, 3))),
            experience_years=rng.choice([None, *range(0, 30)]),
            exclude=frozenset({ids[rng.randrange(n)]} - {ids[i]} if rng.random() < 0.05 else ()),
        )
        for i in range(n)
    ]


def test_the_candidate_graph_has_each_admissible_new_pair_once_with_its_weight():
    ctx = Context(crowd(400, 1), Options(cross_department=True))
    met = {pair_key(i, i + 1, ctx.n) for i in range(0, ctx.n - 1, 3)}
    pool = list(range(ctx.n))
    us, vs, ws = candidate_graph(ctx, pool, met, random.Random(4))
    assert len(pool) > COMPLETE_GRAPH_MAX and len(us) > 2 * ctx.n
    assert (us < vs).all()
    assert len(set(zip(us.tolist(), vs.tolist(), strict=True))) == len(us)
    for u, v, w in zip(us.tolist(), vs.tolist(), ws.tolist(), strict=True):
        assert ctx.ok(u, v) and pair_key(u, v, ctx.n) not in met
        assert w == pytest.approx(ctx.weight(u, v))
    again = candidate_graph(ctx, pool, met, random.Random(4))
    assert all(np.array_equal(a, b) for a, b in zip((us, vs, ws), again, strict=True))


def test_the_candidate_graph_finds_the_one_reciprocal_exchange_and_the_rare_language():
    plain = [Person(id=f"x{i:03d}", languages=frozenset({"en"})) for i in range(300)]
    en = frozenset({"en"})
    a = Person(
        id="a", languages=en, skills_offered=frozenset({"sql"}), skills_wanted=frozenset({"excel"})
    )
    b = Person(
        id="b", languages=en, skills_offered=frozenset({"excel"}), skills_wanted=frozenset({"sql"})
    )
    fr = [Person(id=f"fr{k}", languages=frozenset({"fr", "en"})) for k in range(2)]
    ctx = Context([*plain[:150], a, *plain[150:], b, *fr], Options())
    ia, ib, f0, f1 = (ctx.index[p] for p in ("a", "b", "fr0", "fr1"))
    found = 0
    for seed in range(20):
        us, vs, _ = candidate_graph(ctx, list(range(ctx.n)), set(), random.Random(seed))
        edges = set(zip(us.tolist(), vs.tolist(), strict=True))
        assert (min(ia, ib), max(ia, ib)) in edges  # the only bucket either of them draws from
        found += (f0, f1) in edges
    # Each other's rarest language: two draws each from a bucket of two find the other with
    # probability 15/16 (from the 302 English speakers it would be about 1 in 40).
    assert found >= 15


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.booleans())
@example(373, True)  # scipy's assignment solver cycled forever on its fractional costs
def test_a_big_pool_breaks_no_hard_constraint_and_places_everyone_it_can(seed, cross):
    people = crowd(220, seed)
    options = Options(cross_department=cross, exclude_same_manager=True)
    history = [[[people[i].id, people[i + 1].id] for i in range(0, 200, 2)]]
    [result] = plan_rounds(people, options, history=history, seed=seed)
    groups = [g.members for g in result.groups]
    assert hard_constraint_violations(people, options, groups) == []
    assert sum(len(g) for g in groups) + len(result.unplaced) == len(people)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_after_match_no_move_of_the_local_search_gains_anywhere(seed):
    rng = np.random.default_rng(seed)
    m = 300
    us, vs = rng.integers(0, m, 2000), rng.integers(0, m, 2000)
    keys = unique_keys(np.minimum(us, vs) * m + np.maximum(us, vs))
    keys = keys[keys // m != keys % m]
    us, vs = keys // m, keys % m
    ws = rng.integers(1, 40, len(us)) / 4.0
    mate, mw, adj = match(m, us, vs, ws)
    # The local search ran only from the relaxation's odd cycles; a pass over every vertex
    # must find nothing left to gain.
    assert improve(m, adj, list(mate), list(mw), max_passes=1) == set()
    assert all(mate[mate[x]] == x for x in range(m) if mate[x] >= 0)


def test_the_sorting_helpers_agree_with_numpy():
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 500, 3000)
    assert np.array_equal(unique_keys(keys), np.unique(keys))
    probe = rng.integers(0, 700, 1000)
    assert np.array_equal(contains(np.unique(keys), probe), np.isin(probe, keys))
    assert not contains(np.zeros(0, dtype=np.int64), probe).any()
    rows, weights = rng.integers(0, 50, 3000), rng.integers(0, 9, 3000) / 8.0
    assert np.array_equal(rows_by_weight(rows, weights), np.lexsort((-weights, rows)))


def test_extend_gives_the_rows_of_the_graph_with_the_new_edges():
    rng = np.random.default_rng(5)
    m = 60
    keys = unique_keys(rng.integers(0, m * m, 500))
    keys = keys[keys // m < keys % m]
    old, new = keys[::2], keys[1::2]
    weight = {int(k): float(rng.integers(1, 30)) for k in keys}
    w_of = np.array([weight[int(k)] for k in keys])
    before = to_adjacency(m, old // m, old % m, w_of[::2])
    grown = extend(before, new // m, new % m, w_of[1::2])
    whole = to_adjacency(m, keys // m, keys % m, w_of)
    for x in range(m):
        got = grown.nbr[grown.beg[x] : grown.end[x]], grown.wt[grown.beg[x] : grown.end[x]]
        want = whole.nbr[whole.beg[x] : whole.end[x]], whole.wt[whole.beg[x] : whole.end[x]]
        assert sorted(zip(*got, strict=True)) == sorted(zip(*want, strict=True))
        assert got[1] == sorted(got[1], reverse=True)
    assert before == to_adjacency(m, old // m, old % m, w_of[::2])  # left as it was
