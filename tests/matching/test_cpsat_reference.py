"""The engine's groups of five against CP-SAT's proven optimum (bench/match_cpsat_bench.py)."""

import pytest

from bench.match_cpsat_bench import (
    cpsat_pairs_reference,
    cpsat_reference,
    engine_objective,
    highs_reference,
    lp_bound,
    pool,
)
from peercoach.matching.engine import Options

pytestmark = pytest.mark.database_free


@pytest.mark.parametrize("n", [10])
def test_the_engine_never_beats_the_proven_optimum_and_the_model_scores_like_the_engine(n):
    people, options = pool(n), Options(group_size=5)
    ref = cpsat_reference(people, options, seconds=20)
    assert ref["status"] == "OPTIMAL"
    assert ref["violations"] == 0
    # CP-SAT's objective is the engine's own score of its groups: the same problem.
    assert ref["best_rescored"] == pytest.approx(ref["best"], abs=0.01)
    engine = engine_objective(people, options)
    assert engine <= ref["bound"] + 0.01
    print(f"N={n}: engine {engine:.3f} / optimum {ref['best']:.3f} = {engine / ref['best']:.1%}")


def test_the_pair_formulation_and_its_lp_relaxation_agree_with_the_group_model():
    people, options = pool(15), Options(group_size=5)
    groups = cpsat_reference(people, options, seconds=20)
    pairs = cpsat_pairs_reference(people, options, seconds=20)
    assert groups["status"] == pairs["status"] == "OPTIMAL"
    assert pairs["violations"] == 0
    assert pairs["best"] == pytest.approx(groups["best"], abs=0.01)
    assert pairs["best_rescored"] == pytest.approx(pairs["best"], abs=0.01)
    # The LP relaxation bounds the optimum from above (and is tight here, within 0.5 %).
    assert groups["best"] - 0.01 <= lp_bound(people, options) <= groups["best"] * 1.005
    mip = highs_reference(people, options, seconds=20)
    assert mip["status"] == "OPTIMAL"
    assert mip["best"] == pytest.approx(groups["best"], abs=0.01)
