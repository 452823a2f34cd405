"""Search for 10 repeat-free rounds of 32 people in groups of exactly 4 (issue 17; not found yet).

Usage: .venv/bin/python bench/sgp_32_4_search.py STRUCTURE SECONDS [SEED]

Ten such rounds are the same thing as a resolvable 4-GDD of type 2^16: everyone misses exactly
one other person (their "partner"), every other pair meets once (16 · 30 / 2 = 240 = 10 · 8 · 6 / 2
pairs). Each STRUCTURE asks for one with a symmetry σ of the people that carries rounds to
rounds: the 10 rounds are a few base rounds and their images under σ, so every orbit of pairs
under σ (of full length) must meet exactly once over the base rounds, and partners never. CP-SAT
then solves that as an exact cover: for each base round choose blocks of 4 (no partners, no
orbit twice in a block) covering every person once, and every orbit once over all base rounds.

    z5        σ of order 5: six 5-cycles (5c + x, x ↦ x + 1), partners 5c + x and 5(c ^ 1) + x,
              30 and 31 fixed partners; two base rounds.
    z5-tau    the same, each base round also unchanged when everyone swaps with their partner.
    z15-omega GF(16) × {0, 1} (16i + g), σ = multiplication by λ³ (order 5), partners (g, 0) and
              (g, 1); two base rounds, each unchanged by multiplication by λ⁵ (order 3), which
              makes the rounds an orbit of the order-15 group.
    z10       σ of order 10: three 10-cycles (10c + x), partners x and x + 5 in a cycle (pairs at
              distance 5 have orbits of 5, so they can only be the partners), 30 and 31 fixed
              partners; one base round (its ten images are the rounds).
    z10-swap  the same with σ swapping 30 and 31.

Measured 2026-12-08 on the 2-core machine at load ≤ 1 (2 workers): z10 INFEASIBLE (proved in
258 s), z15-omega INFEASIBLE (0.5 s); z5 and z5-tau UNKNOWN after 300 s, z10-swap after 900 s.
Rounds built from planes of GF(2)^5 give 9 at most (designs.py), which is why a search is
needed.
"""

import itertools
import sys
import time

from ortools.sat.python import cp_model

N = 32


def _gf16_times(a: int, b: int) -> int:
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 16:
            a ^= 0b10011  # x⁴ + x + 1
    return product


def _gf16_power(k: int) -> int:
    out = 1
    for _ in range(k):
        out = _gf16_times(out, 2)
    return out


def _cycles(length: int, swap_fixed: bool = False):
    """x ↦ x + 1 on cycles of `length` (positions length·c + x < 30); 30, 31 fixed or swapped."""

    def sigma(p: int) -> int:
        if p >= 30:
            return 61 - p if swap_fixed else p
        return length * (p // length) + (p % length + 1) % length

    return sigma


def _times(c: int):
    def multiply(p: int) -> int:
        return 16 * (p // 16) + _gf16_times(p % 16, c)

    return multiply


def _z5_partner(p: int) -> int:
    return 61 - p if p >= 30 else 5 * ((p // 5) ^ 1) + p % 5


def _z10_partner(p: int) -> int:
    return 61 - p if p >= 30 else 10 * (p // 10) + (p % 10 + 5) % 10


def structure(name: str):
    """(σ, its order, partner, base rounds, extra maps each base round must be unchanged by)."""
    if name in ("z5", "z5-tau"):
        return _cycles(5), 5, _z5_partner, 2, [_z5_partner] if name == "z5-tau" else []
    if name == "z15-omega":
        return _times(_gf16_power(3)), 5, lambda p: (p + 16) % 32, 2, [_times(_gf16_power(5))]
    if name in ("z10", "z10-swap"):
        return _cycles(10, name == "z10-swap"), 10, _z10_partner, 1, []
    raise SystemExit(f"unknown structure {name}")


def search(name: str, seconds: float, seed: int) -> None:
    sigma, order, partner, bases, fixing = structure(name)

    def orbit(p: int, q: int) -> tuple[tuple[int, int], int]:
        seen = set()
        for _ in range(order):
            seen.add((min(p, q), max(p, q)))
            p, q = sigma(p), sigma(q)
        return min(seen), len(seen)

    blocks = []
    for block in itertools.combinations(range(N), 4):
        pairs = list(itertools.combinations(block, 2))
        if any(partner(p) == q for p, q in pairs):
            continue
        orbits = [orbit(p, q) for p, q in pairs]
        if len(set(orbits)) == 6 and all(size == order for _, size in orbits):
            blocks.append((block, [key for key, _ in orbits]))
    index = {block: i for i, (block, _) in enumerate(blocks)}
    model = cp_model.CpModel()
    chosen = [[model.new_bool_var("") for _ in blocks] for _ in range(bases)]
    covers: dict = {}
    for r in range(bases):
        for i, (block, orbits) in enumerate(blocks):
            for key in [("person", r, p) for p in block] + orbits:
                covers.setdefault(key, []).append(chosen[r][i])
            for keep in fixing:
                image = index.get(tuple(sorted(keep(p) for p in block)))
                model.add(chosen[r][i] == (0 if image is None else chosen[r][image]))
    for variables in covers.values():
        model.add_exactly_one(variables)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    started = time.time()
    status = solver.solve(model)
    print(name, solver.status_name(status), round(time.time() - started, 1), flush=True)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    base = [
        [block for i, (block, _) in enumerate(blocks) if solver.value(chosen[r][i])]
        for r in range(bases)
    ]
    rounds = []
    for groups in base:
        for _ in range(10 // bases):
            rounds.append(groups)
            groups = [tuple(sorted(sigma(p) for p in g)) for g in groups]
    met = set()
    for groups in rounds:
        assert sorted(p for g in groups for p in g) == list(range(N))
        for g in groups:
            for pair in itertools.combinations(g, 2):
                assert pair not in met
                met.add(pair)
    print("verified", len(rounds), "rounds:", rounds)


if __name__ == "__main__":
    search(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
