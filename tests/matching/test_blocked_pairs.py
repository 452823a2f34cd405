"""The engine's blocked pairs: people kept apart for a reason nobody may be told (a participant's
private "rather not with" list). A hard rule like `exclude`, symmetric, explained without names."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peercoach.matching.engine import (
    Options,
    Person,
    hard_constraint_violations,
    plan_rounds,
    violation_reasons,
)

pytestmark = pytest.mark.database_free


def pairs_of(result):
    return {frozenset(p) for g in result.groups for p in itertools.combinations(g.members, 2)}


@st.composite
def pool_with_blocked_pairs(draw):
    n = draw(st.integers(2, 40))
    ps = [
        Person(
            id=f"p{i}",
            name=f"Person {i}",
            department=draw(st.sampled_from("AB")),
            languages=frozenset(draw(st.sets(st.sampled_from(["nl", "en"]), min_size=1))),
            skills_offered=frozenset(draw(st.sets(st.sampled_from("xyz"), max_size=2))),
            skills_wanted=frozenset(draw(st.sets(st.sampled_from("xyz"), max_size=2))),
        )
        for i in range(n)
    ]
    # One-sided, as people name them: (who names, whom).
    named = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda t: t[0] != t[1]),
            max_size=3 * n,
        )
    )
    blocked = [(f"p{a}", f"p{b}") for a, b in named]
    options = Options(group_size=draw(st.sampled_from([2, 2, 3, 4])))
    return ps, options, blocked


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pool_with_blocked_pairs(), st.integers(0, 3))
def test_it_never_puts_a_blocked_pair_in_one_group_in_any_round(pool, seed):
    ps, options, blocked = pool
    results = plan_rounds(ps, options, rounds=3, blocked=blocked, seed=seed)
    apart = {frozenset(pair) for pair in blocked}
    for result in results:
        assert not (pairs_of(result) & apart)
        assert (
            hard_constraint_violations(ps, options, [g.members for g in result.groups], blocked)
            == []
        )
        placed = [m for g in result.groups for m in g.members]
        assert sorted(placed + [u.person_id for u in result.unplaced]) == sorted(p.id for p in ps)


def test_it_keeps_a_pair_apart_whichever_of_them_named_the_other():
    ps = [Person(id=pid, languages=frozenset({"en"})) for pid in ("ann", "bob")]
    assert plan_rounds(ps, Options())[0].groups
    for pair in (("ann", "bob"), ("bob", "ann")):
        (result,) = plan_rounds(ps, Options(), blocked=[pair])
        assert result.groups == ()
        assert {u.person_id for u in result.unplaced} == {"ann", "bob"}


def test_it_keeps_them_apart_in_a_large_pool_too():
    # Past the size where pairs are checked in bulk (numpy), not one by one.
    ps = [Person(id=f"p{i:03d}", languages=frozenset({"en"})) for i in range(400)]
    blocked = [(f"p{i:03d}", f"p{(i * 7 + 1) % 400:03d}") for i in range(400)]
    (result,) = plan_rounds(ps, Options(), blocked=blocked)
    assert not (pairs_of(result) & {frozenset(p) for p in blocked})
    assert len(result.unplaced) <= 1


def test_it_explains_a_blocked_pair_without_names_and_once():
    ps = [
        Person(id=pid, name=name, languages=frozenset({"en"}))
        for pid, name in (("ann", "Ann Smith"), ("bob", "Bob Jones"), ("cas", "Cas Berg"))
    ]
    groups = [["ann", "bob", "cas"]]
    found = violation_reasons(ps, Options(group_size=3), groups, [("ann", "bob"), ("cas", "ann")])
    assert [r.code for r in found] == ["rule_private"]
    assert dict(found[0].params) == {}
    text = hard_constraint_violations(ps, Options(group_size=3), groups, [("ann", "bob")])
    assert text and not any(pid in line for line in text for pid in ("ann", "bob"))


def test_it_refuses_a_blocked_pair_that_is_not_a_pair():
    ps = [Person(id=pid, languages=frozenset({"en"})) for pid in ("ann", "bob")]
    with pytest.raises(ValueError):
        plan_rounds(ps, Options(), blocked=[("ann",)])
