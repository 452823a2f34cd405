"""Each person's close partners weighed exactly, everyone else bounded by class (big pools).

A pair weighs much only when skills meet: one offers what the other wants and wants what they
offer, or offers (wants) two of the other's wishes (offers). Those *close* pairs are few (3 % of
all pairs in `bench/orgs.py`'s organisations) and are found with one sparse product of skill-pair
features per block of rows, then weighed with `Context.weight_many`.

For every other partner j of a person i, the skill part of the weight is at most
`skill_exchange / 3 + shared_topics` (j offers one of i's wishes and wants none of i's offers,
or the other way round, or neither), whatever j is. The rest of the weight depends only on the
two people's (experience, time zone, role preference) codes, plus the department term that is
at most `department_mix`. So `max_j (w_ij - y_j)` over those partners is at most, per class of
partners with one code and one set of languages, the class's smallest `y_j` taken from the
code's term: `others` returns that bound. Per-person rules (reporting lines, exclusions, the
department rules, history) are ignored there, so it covers at least every admissible pair.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import scipy.sparse as sp

from .bound import Scanner
from .context import Context

ROW_BLOCK = 2_048
CLASS_CHUNK = 4_096  # (skill, class) rows per step of `others`


class ClosePairs:
    def __init__(
        self, ctx: Context, pool: Sequence[int], met: set[int], scanner: Scanner | None = None
    ) -> None:
        arr = ctx._arrays()
        self.ctx = ctx
        self.scanner = scanner if scanner is not None else Scanner(ctx, pool, met)
        self.people = p = np.asarray(pool, dtype=np.int64)
        self.m = m = len(p)
        self.met = np.fromiter(met, dtype=np.int64, count=len(met)) if met else None
        want, off = arr["want"][p], arr["off"][p]
        skills = max(int(want.max(initial=0)), int(off.max(initial=0))).bit_length()
        self.wanted = _bits(want, skills)  # (position, skill), by position
        self.offered = _bits(off, skills)
        s2 = skills * skills
        rows = [
            _cross(self.wanted, self.offered, skills, 0),
            _within(self.wanted, skills, s2),
            _within(self.offered, skills, 2 * s2),
        ]
        cols = [
            _cross(self.offered, self.wanted, skills, 0),
            _within(self.offered, skills, s2),
            _within(self.wanted, skills, 2 * s2),
        ]
        self.row_features = _matrix(rows, m, 3 * s2).tocsr()
        self.col_features_t = _matrix(cols, m, 3 * s2).T.tocsc()
        self._classes(ctx, arr, p, want)

    def product_size(self) -> int:
        """The sparse product's entries (each close pair once per skill pair it shares): its
        cost, known before it is computed."""
        per_row = np.asarray(self.row_features.sum(axis=0)).ravel()
        per_col = np.asarray(self.col_features_t.sum(axis=1)).ravel()
        return int(per_row @ per_col)

    def blocks(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(rows, cols, weights) of the admissible, new close pairs, by blocks of rows, both
        directions (positions in the pool)."""
        ctx, people = self.ctx, self.people
        for a in range(0, self.m, ROW_BLOCK):
            b = min(self.m, a + ROW_BLOCK)
            hits = (self.row_features[a:b] @ self.col_features_t).tocoo()
            rows, cols = hits.row.astype(np.int64) + a, hits.col.astype(np.int64)
            ii, jj = people[rows], people[cols]
            good = ctx.ok_many(ii, jj)
            if self.met is not None:
                seen = np.minimum(ii, jj) * ctx.n + np.maximum(ii, jj)
                good &= ~np.isin(seen, self.met)
            rows, cols = rows[good], cols[good]
            yield rows, cols, ctx.weight_many(ii[good], jj[good])

    def _classes(self, ctx: Context, arr: dict, p: np.ndarray, want: np.ndarray) -> None:
        w = ctx.weights
        # The (experience, time zone, role preference) codes and their term of the weight are
        # the full scan's own (`bound.Scanner`), cut down to the codes present.
        codes, self.code = np.unique(self.scanner.code, return_inverse=True)
        self.code = self.code.ravel()
        table = self.scanner.other.reshape(self.scanner.size, self.scanner.size)
        self.other = table[np.ix_(codes, codes)] + w.department_mix
        langs, self.lang = np.unique(arr["lang"][p], return_inverse=True)
        self.lang = self.lang.ravel()
        self.lang_ok = (langs[:, None] & langs[None, :]) != 0
        self.n_codes, self.n_langs = len(codes), len(langs)
        self.klass = self.code * self.n_langs + self.lang
        count = np.bitwise_count(want)
        self.shared = np.where(
            count >= 2, w.shared_topics, np.where(count == 1, w.shared_topics / 2, 0)
        )
        self.one_skill = w.skill_exchange / 3

    def others(self, y: np.ndarray) -> np.ndarray:
        """Per position an upper bound on `max_j (w_ij - y_j)` over the partners j that are not
        close (see the module); -inf where there is no such partner at all."""
        c, ln = self.n_codes, self.n_langs
        everyone = np.full(c * ln, np.inf)
        np.minimum.at(everyone, self.klass, y)
        best = _best_over(self, everyone[None, :], np.zeros(self.m, np.int64), self.klass)
        out = self.shared + best
        for partners, askers in ((self.offered, self.wanted), (self.wanted, self.offered)):
            # Partners who offer (want) a skill the asker wants (offers): exactly one of them,
            # and nothing the other way (or the pair would be close).
            skills = int(max(partners[1].max(initial=-1), askers[1].max(initial=-1))) + 1
            table = np.full((skills, c * ln), np.inf)
            np.minimum.at(table, (partners[1], self.klass[partners[0]]), y[partners[0]])
            pos, skill = askers
            value = _best_over(self, table, skill, self.klass[pos])
            bound = np.full(self.m, -np.inf)
            np.maximum.at(bound, pos, value)
            out = np.maximum(out, self.one_skill + self.shared + bound)
        return out


def _best_over(scan: ClosePairs, table: np.ndarray, row: np.ndarray, klass: np.ndarray):
    """For each (table row, asker's class): max over classes c of other[asker code, code of c]
    - table[row, c], over classes whose languages meet the asker's; one value per entry."""
    c, ln = scan.n_codes, scan.n_langs
    t = table.reshape(len(table), c, ln)
    # Smallest y per (row, asker's languages, code) over the partner languages that meet them.
    ok = np.stack(
        [np.where(scan.lang_ok[a][None, None, :], t, np.inf).min(axis=2) for a in range(ln)], axis=1
    )
    keys, inverse = np.unique(row * (c * ln) + klass, return_inverse=True)
    out = np.empty(len(keys))
    for s in range(0, len(keys), CLASS_CHUNK):
        k = keys[s : s + CLASS_CHUNK]
        r, kl = k // (c * ln), k % (c * ln)
        out[s : s + CLASS_CHUNK] = (scan.other[kl // ln] - ok[r, kl % ln]).max(axis=1)
    return out[inverse.ravel()]


def _bits(masks: np.ndarray, skills: int) -> tuple[np.ndarray, np.ndarray]:
    has = (masks[:, None] >> np.arange(skills, dtype=np.int64)[None, :]) & 1
    pos, skill = np.nonzero(has)
    return pos.astype(np.int64), skill.astype(np.int64)


def _cross(a, b, skills: int, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """(position, offset + sa * skills + sb) for every sa of a and sb of b of one position."""
    (pa, sa), (pb, sb) = a, b
    starts = np.searchsorted(pb, pa, side="left")
    ends = np.searchsorted(pb, pa, side="right")
    count = ends - starts
    rep = np.repeat(np.arange(len(pa)), count)
    idx = np.repeat(starts - np.cumsum(count) + count, count) + np.arange(count.sum())
    return pa[rep], offset + sa[rep] * skills + sb[idx]


def _within(a, skills: int, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """(position, offset + s1 * skills + s2) for every two skills s1 < s2 of one position."""
    pos, s = _cross(a, a, skills, 0)
    s1, s2 = s // skills, s % skills
    keep = s1 < s2
    return pos[keep], offset + s[keep]


def _matrix(parts, m: int, width: int) -> sp.csr_matrix:
    pos = np.concatenate([q[0] for q in parts])
    key = np.concatenate([q[1] for q in parts])
    return sp.csr_matrix((np.ones(len(pos), dtype=np.float32), (pos, key)), shape=(m, width))
