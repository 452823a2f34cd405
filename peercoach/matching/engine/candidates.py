"""Sparse candidate graph: for each person a bounded number of promising, admissible partners."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from .context import Context

COMPLETE_GRAPH_MAX = 160  # below this pool size every admissible pair is a candidate


def pair_key(i: int, j: int, n: int) -> int:
    return i * n + j if i < j else j * n + i


def _bits(m: int) -> list[int]:
    out = []
    while m:
        low = m & -m
        out.append(low.bit_length() - 1)
        m ^= low
    return out


def candidate_graph(
    ctx: Context,
    pool: Sequence[int],
    met: set[int],
    rng: random.Random,
    per_person: int = 8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (u, v, weight) between positions in `pool`, u < v, admissible and not met before."""
    m = len(pool)
    n = ctx.n
    ok = ctx.ok
    weight = ctx.weight
    us: list[int] = []
    vs: list[int] = []
    ws: list[float] = []
    if m <= COMPLETE_GRAPH_MAX:
        for a in range(m):
            i = pool[a]
            for b in range(a + 1, m):
                j = pool[b]
                if ok(i, j) and pair_key(i, j, n) not in met:
                    us.append(a)
                    vs.append(b)
                    ws.append(weight(i, j))
        return np.array(us, dtype=np.int64), np.array(vs, dtype=np.int64), np.array(ws)

    # Buckets by (skill offered, skill wanted) for reciprocal exchange, by skill offered for
    # one-way help, and by language so that people with a rare language find each other.
    recip: dict[tuple[int, int], list[int]] = {}
    offers: dict[int, list[int]] = {}
    by_lang: dict[int, list[int]] = {}
    want_bits = []
    off_bits = []
    for a, i in enumerate(pool):
        ob = _bits(ctx.off[i])
        wb = _bits(ctx.want[i])
        off_bits.append(ob)
        want_bits.append(wb)
        for o in ob:
            offers.setdefault(o, []).append(a)
            for w in wb:
                recip.setdefault((o, w), []).append(a)
        for lang in _bits(ctx.lang[i]):
            by_lang.setdefault(lang, []).append(a)
    rand = rng.random
    src: list[int] = []
    dst: list[int] = []
    for a, i in enumerate(pool):
        proposals: list[int] = []
        wb, ob = want_bits[a], off_bits[a]
        keys = [(w, o) for w in wb for o in ob if (w, o) in recip]
        if len(keys) > 4:
            keys = rng.sample(keys, 4)
        for key in keys:
            bucket = recip[key]
            for _ in range(2):
                proposals.append(bucket[int(rand() * len(bucket))])
        for w in wb[:3]:
            bucket = offers.get(w)
            if bucket:
                proposals.append(bucket[int(rand() * len(bucket))])
        langs = _bits(ctx.lang[i])
        lang_bucket = by_lang[min(langs, key=lambda lg: len(by_lang[lg]))] if langs else []
        extra = max(2, per_person - len(proposals))
        for _ in range(extra if lang_bucket else 0):
            proposals.append(lang_bucket[int(rand() * len(lang_bucket))])
        src.extend([a] * len(proposals))
        dst.extend(proposals)
    # Everything below is vectorised: drop self-pairs and duplicates (keeping the first
    # proposal's order), then inadmissible and earlier pairs, then weigh what is left.
    pa = np.array(src, dtype=np.int64)
    pb = np.array(dst, dtype=np.int64)
    lo, hi = np.minimum(pa, pb), np.maximum(pa, pb)
    keep = lo != hi
    lo, hi = lo[keep], hi[keep]
    _, first = np.unique(lo * m + hi, return_index=True)
    first.sort()
    lo, hi = lo[first], hi[first]
    pool_arr = np.asarray(pool, dtype=np.int64)
    ii, jj = pool_arr[lo], pool_arr[hi]
    good = ctx.ok_many(ii, jj)
    if met:
        keys_arr = np.minimum(ii, jj) * n + np.maximum(ii, jj)
        good &= ~np.isin(keys_arr, np.fromiter(met, dtype=np.int64, count=len(met)))
    lo, hi, ii, jj = lo[good], hi[good], ii[good], jj[good]
    return lo, hi, ctx.weight_many(ii, jj)
