import itertools
import subprocess
import sys

from peercoach.matching.engine import (
    Options,
    Person,
    plan_rounds,
)


def people(n, **kw):
    return [Person(id=f"p{i:02d}", languages=frozenset({"en"}), **kw) for i in range(n)]


def pairs_of(result):
    return {frozenset(p) for g in result.groups for p in itertools.combinations(g.members, 2)}


def test_it_reaches_the_round_robin_limit_for_pairs():
    results = plan_rounds(people(10), Options(), rounds=9)
    seen = set()
    for r in results:
        assert r.repeats == 0
        assert all(len(g.members) == 2 for g in r.groups)
        assert not r.unplaced
        assert not (pairs_of(r) & seen)
        seen |= pairs_of(r)
    assert len(seen) == 45


def test_it_makes_one_trio_for_an_odd_count():
    [r] = plan_rounds(people(7), Options())
    sizes = sorted(len(g.members) for g in r.groups)
    assert sizes == [2, 2, 3]
    assert not r.unplaced


def test_it_is_deterministic_for_a_seed():
    ps = people(30)
    assert plan_rounds(ps, Options(), rounds=3, seed=5) == plan_rounds(
        ps, Options(), rounds=3, seed=5
    )


def test_it_does_not_import_django():
    code = (
        "import sys, peercoach.matching.engine as e; "
        "e.plan_rounds([e.Person(id='a'), e.Person(id='b')], e.Options()); "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
