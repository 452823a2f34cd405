"""Search for 10 repeat-free rounds of 32 people in groups of exactly 4 (issue 17; not found yet).

Usage: .venv/bin/python bench/sgp_32_4_search.py SECONDS [SEED]
Ten such rounds are the same thing as a resolvable 4-GDD of type 2^16: everyone misses exactly
one other person (their "partner"), every other pair meets once (16 · 30 / 2 = 240 = 10 · 8 · 6 / 2
pairs). The model asks for one with an automorphism σ of order 5: positions 5·c + x (six cycles
c, x ∈ Z₅, σ: x ↦ x + 1, partners in cycles c and c ^ 1 with the same x) and two fixed positions
30, 31 (partners). The 10 rounds are two base rounds and their images under σ, so each orbit of
pairs under σ must meet exactly once over the two base rounds, partner orbits never. CP-SAT then
looks for the two base rounds; prints the status and, if found, the 10 rounds after checking
them. Rounds built from planes of GF(2)^5 give 9 at most (designs.py), which is why a search is
needed. Measured 2026-12-02: UNKNOWN after 300 s with 2 workers at a load average of about 9.
"""

import itertools
import sys
import time

from ortools.sat.python import cp_model

N = 32
INF0, INF1 = 30, 31


def cyc(p):
    return (p // 5, p % 5)


def partner(p):
    if p >= 30:
        return 61 - p
    c, x = cyc(p)
    return 5 * (c ^ 1) + x


def orbit(p, q):
    if p > q:
        p, q = q, p
    if q >= 30 and p >= 30:
        return ("inf",)
    if q >= 30:
        return ("i", q, p // 5)
    (c, x), (d, y) = cyc(p), cyc(q)
    if c == d:
        e = (y - x) % 5
        return ("s", c, min(e, 5 - e))
    return ("m", c, d, (y - x) % 5)


def sigma(p, t=1):
    if p >= 30:
        return p
    c, x = cyc(p)
    return 5 * c + (x + t) % 5


m = cp_model.CpModel()
R, B = 2, 8
x = {(r, p, b): m.NewBoolVar("") for r in range(R) for p in range(N) for b in range(B)}
for r in range(R):
    for p in range(N):
        m.AddExactlyOne(x[r, p, b] for b in range(B))
    for b in range(B):
        m.Add(sum(x[r, p, b] for p in range(N)) == 4)
    m.Add(x[r, INF0, 0] == 1)
    m.Add(x[r, INF1, 1] == 1)
orbits = {}
for p, q in itertools.combinations(range(N), 2):
    for r in range(R):
        meet = m.NewBoolVar("")
        ys = []
        for b in range(B):
            y = m.NewBoolVar("")
            m.AddBoolAnd([x[r, p, b], x[r, q, b]]).OnlyEnforceIf(y)
            m.AddBoolOr([x[r, p, b].Not(), x[r, q, b].Not(), y])
            ys.append(y)
        m.Add(sum(ys) == meet)
        orbits.setdefault(orbit(p, q), []).append(meet)
for key, meets in orbits.items():
    p_is_partner = key == ("inf",) or (key[0] == "m" and key[2] == key[1] ^ 1 and key[3] == 0)
    m.Add(sum(meets) == (0 if p_is_partner else 1))
s = cp_model.CpSolver()
s.parameters.max_time_in_seconds = float(sys.argv[1])
s.parameters.num_workers = 2
s.parameters.random_seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
t = time.time()
st = s.Solve(m)
print(s.StatusName(st), round(time.time() - t, 1))
if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
    base = [[[p for p in range(N) if s.Value(x[r, p, b])] for b in range(B)] for r in range(R)]
    print(base)
    rounds = [[sorted(sigma(p, t) for p in blk) for blk in rb] for rb in base for t in range(5)]
    seen = set()
    for rd in rounds:
        assert sorted(p for g in rd for p in g) == list(range(N))
        for g in rd:
            for pr in itertools.combinations(g, 2):
                assert frozenset(pr) not in seen
                seen.add(frozenset(pr))
    print("verified", len(rounds))
