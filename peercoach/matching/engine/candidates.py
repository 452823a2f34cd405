"""Sparse candidate graph: for each person a bounded number of promising, admissible partners."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from .context import Context

COMPLETE_GRAPH_MAX = 160  # below this pool size every admissible pair is a candidate
RECIP_KEYS = 6  # (wanted, offered) skill buckets drawn from per person
RECIP_DRAWS = 5  # draws per bucket; the best `per_person` of all draws are kept
DIVERSITY = 2  # random same-language partners per person, kept whatever their weight


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
    per_person: int = 10,
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
    diverse_src: list[int] = []
    diverse_dst: list[int] = []
    for a, i in enumerate(pool):
        proposals: list[int] = []
        wb, ob = want_bits[a], off_bits[a]
        keys = [(w, o) for w in wb for o in ob if (w, o) in recip]
        if len(keys) > RECIP_KEYS:
            keys = rng.sample(keys, RECIP_KEYS)
        for key in keys:
            bucket = recip[key]
            for _ in range(RECIP_DRAWS):
                proposals.append(bucket[int(rand() * len(bucket))])
        for w in wb[:3]:
            bucket = offers.get(w)
            if bucket:
                proposals.append(bucket[int(rand() * len(bucket))])
        langs = _bits(ctx.lang[i])
        lang_bucket = by_lang[min(langs, key=lambda lg: len(by_lang[lg]))] if langs else []
        # Random partners from the rarest language: diversity for later rounds, always kept.
        for _ in range(DIVERSITY if lang_bucket else 0):
            diverse_src.append(a)
            diverse_dst.append(lang_bucket[int(rand() * len(lang_bucket))])
        src.extend([a] * len(proposals))
        dst.extend(proposals)
    # Everything below is vectorised: weigh the skill proposals, keep each proposer's best
    # `per_person` (top-k by the engine's own weight among many draws) plus the random ones,
    # drop self-pairs and duplicates, then inadmissible and earlier pairs.
    pool_arr = np.asarray(pool, dtype=np.int64)
    pa = np.array(src, dtype=np.int64)
    pb = np.array(dst, dtype=np.int64)
    if len(pa):
        _, once = np.unique(pa * m + pb, return_index=True)  # a partner drawn twice counts once
        pa, pb = pa[once], pb[once]
        ia, ib = pool_arr[pa], pool_arr[pb]
        fine = (pa != pb) & ctx.ok_many(ia, ib)
        if met:
            keys_p = np.minimum(ia, ib) * n + np.maximum(ia, ib)
            fine &= ~np.isin(keys_p, np.fromiter(met, dtype=np.int64, count=len(met)))
        pa, pb, ia, ib = pa[fine], pb[fine], ia[fine], ib[fine]
        pw = ctx.weight_many(ia, ib)
        order = np.lexsort((-pw, pa))
        pa, pb = pa[order], pb[order]
        starts = np.searchsorted(pa, pa, side="left")
        keep = (np.arange(len(pa)) - starts) < per_person
        pa, pb = pa[keep], pb[keep]
    pa = np.concatenate([pa, np.array(diverse_src, dtype=np.int64)])
    pb = np.concatenate([pb, np.array(diverse_dst, dtype=np.int64)])
    lo, hi = np.minimum(pa, pb), np.maximum(pa, pb)
    keep = lo != hi
    lo, hi = lo[keep], hi[keep]
    _, first = np.unique(lo * m + hi, return_index=True)
    first.sort()
    lo, hi = lo[first], hi[first]
    ii, jj = pool_arr[lo], pool_arr[hi]
    good = ctx.ok_many(ii, jj)
    if met:
        keys_arr = np.minimum(ii, jj) * n + np.maximum(ii, jj)
        good &= ~np.isin(keys_arr, np.fromiter(met, dtype=np.int64, count=len(met)))
    lo, hi, ii, jj = lo[good], hi[good], ii[good], jj[good]
    return lo, hi, ctx.weight_many(ii, jj)
