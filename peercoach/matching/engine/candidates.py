"""Sparse candidate graph: for each person a bounded number of promising, admissible partners."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from .context import Context
from .matching import contains, rows_by_weight, unique_keys

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
    # one-way help, and by language so that people with a rare language find each other; all
    # draws at once with numpy (the same proposals as drawing person by person).
    gen = np.random.default_rng(rng.getrandbits(64))
    pool_arr = np.asarray(pool, dtype=np.int64)
    off = _bit_table(ctx, "off", ctx.off, pool_arr)
    want = _bit_table(ctx, "want", ctx.want, pool_arr)
    lang = _bit_table(ctx, "lang", ctx.lang, pool_arr)
    skills = max(len(ctx.skill_names), 1)
    # Reciprocal buckets: a member offering o and wanting w sits in bucket o * skills + w; a
    # proposer wanting w and offering o draws from that same bucket.
    both = (off[:, :, None] >= 0) & (want[:, None, :] >= 0)
    member_keys = off[:, :, None] * skills + want[:, None, :]
    recip = _Buckets(member_keys, both, skills * skills)
    asks = both.transpose(0, 2, 1)  # [a, wish, offer], so a person's keys run wish by wish
    prop_keys = (want[:, :, None] * skills + off[:, None, :])[asks]
    prop_src = np.broadcast_to(np.arange(m)[:, None, None], asks.shape)[asks]
    present = recip.size[prop_keys] > 0
    prop_keys, prop_src = prop_keys[present], prop_src[present]
    # More than RECIP_KEYS buckets: a uniformly random RECIP_KEYS of them.
    order = np.argsort(prop_src * 2.0 + gen.random(len(prop_src)))  # a random order per person
    prop_keys, prop_src = prop_keys[order], prop_src[order]
    rank = np.arange(len(prop_src)) - np.searchsorted(prop_src, prop_src, side="left")
    keep = rank < RECIP_KEYS
    src_parts = [np.repeat(prop_src[keep], RECIP_DRAWS)]
    dst_parts = [recip.draw(np.repeat(prop_keys[keep], RECIP_DRAWS), gen)]
    # One-way help: one draw among those offering each of a person's first three wishes.
    offers = _Buckets(off, off >= 0, skills)
    wish = want[:, :3]
    has = wish >= 0
    has[has] = offers.size[wish[has]] > 0
    src_parts.append(np.broadcast_to(np.arange(m)[:, None], wish.shape)[has])
    dst_parts.append(offers.draw(wish[has], gen))
    # Random partners from the rarest language: diversity for later rounds, always kept.
    by_lang = _Buckets(lang, lang >= 0, max(len(ctx.lang_names), 1))
    spoken = lang >= 0
    sizes = np.where(spoken, by_lang.size[np.maximum(lang, 0)], np.iinfo(np.int64).max)
    rarest = lang[np.arange(m), np.argmin(sizes, axis=1)]  # the first of the rarest
    speaks = spoken.any(axis=1)
    diverse_src = np.repeat(np.flatnonzero(speaks), DIVERSITY)
    diverse_dst = by_lang.draw(np.repeat(rarest[speaks], DIVERSITY), gen)
    pa, pw = _fresh(ctx, pool_arr, met, np.concatenate(src_parts), np.concatenate(dst_parts))
    # Keep each proposer's best `per_person` (top-k by the engine's own weight among many draws).
    order = rows_by_weight(pa[0], pw)
    pa, pw = pa[:, order], pw[order]
    keep = (np.arange(len(pw)) - np.searchsorted(pa[0], pa[0], side="left")) < per_person
    ra, rw = _fresh(ctx, pool_arr, met, diverse_src, diverse_dst)
    lo = np.minimum(np.concatenate([pa[0, keep], ra[0]]), np.concatenate([pa[1, keep], ra[1]]))
    hi = np.maximum(np.concatenate([pa[0, keep], ra[0]]), np.concatenate([pa[1, keep], ra[1]]))
    # Each edge once (a pair proposed from both ends weighs the same), by (u, v).
    keys = lo * m + hi
    order = np.argsort(keys)
    keys, ws = keys[order], np.concatenate([pw[keep], rw])[order]
    first = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    return keys[first] // m, keys[first] % m, ws[first]


def _fresh(
    ctx: Context, pool: np.ndarray, met: set[int], src: np.ndarray, dst: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The proposals (src, dst) once each, without self-pairs, inadmissible and earlier pairs,
    as a 2-row array of positions, with their weights."""
    m = len(pool)
    once = unique_keys(src.astype(np.int64) * m + dst)  # a partner drawn twice counts once
    src, dst = once // m, once % m
    ia, ib = pool[src], pool[dst]
    fine = (src != dst) & ctx.ok_many(ia, ib)
    if met:
        keys = np.minimum(ia, ib) * ctx.n + np.maximum(ia, ib)
        fine &= ~contains(np.sort(np.fromiter(met, dtype=np.int64, count=len(met))), keys)
    return np.stack([src[fine], dst[fine]]), ctx.weight_many(ia[fine], ib[fine])


class _Buckets:
    """People (positions) grouped by key: `keys[a, t]` where `valid[a, t]`, in pool order."""

    def __init__(self, keys: np.ndarray, valid: np.ndarray, count: int) -> None:
        keys, valid = keys.reshape(len(keys), -1), valid.reshape(len(keys), -1)
        rows = np.broadcast_to(np.arange(len(keys))[:, None], keys.shape)[valid]
        flat = keys[valid]
        order = np.argsort(flat, kind="stable")
        self.members = rows[order]
        self.size = np.bincount(flat, minlength=count)
        self.start = np.concatenate([[0], np.cumsum(self.size)[:-1]])

    def draw(self, keys: np.ndarray, gen: np.random.Generator) -> np.ndarray:
        """One uniformly random member of each (non-empty) bucket in `keys`."""
        at = (gen.random(len(keys)) * self.size[keys]).astype(np.int64)
        return self.members[self.start[keys] + at]


def _bit_table(ctx: Context, name: str, masks: list[int], pool: np.ndarray) -> np.ndarray:
    """Bit positions of each pool member's mask, ascending, padded with -1 (at least 1 wide)."""
    arr = ctx._arrays()
    if arr is not None:
        width = max(len(ctx.lang_names if name == "lang" else ctx.skill_names), 1)
        bits = ((arr[name][pool][:, None] >> np.arange(width)) & 1).astype(bool)
        rows, cols = np.nonzero(bits)
    else:
        lists = [_bits(masks[i]) for i in pool.tolist()]
        rows = np.repeat(np.arange(len(lists)), [len(b) for b in lists])
        cols = np.fromiter((b for bs in lists for b in bs), dtype=np.int64, count=len(rows))
    counts = np.bincount(rows, minlength=len(pool))
    table = np.full((len(pool), max(int(counts.max(initial=0)), 1)), -1, dtype=np.int64)
    table[rows, np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)] = cols
    return table
