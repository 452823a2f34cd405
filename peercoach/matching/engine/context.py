"""Indexed view of the pool: hard constraints and the pair score, on integer ids for speed."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import numpy as np

from .model import Options, Person, Reason, make_reason, reason
from .zones import utc_offset_hours

NEW_PAIRING_BONUS = 2.0  # every admissible new pairing is worth this, so matchings place people
PREF_CODES = {"coach": 0, "coachee": 1}


def display(person: Person) -> str:
    return person.name or person.id


class Context:
    """Integer-indexed data of the people in one planning call."""

    def __init__(
        self,
        people: Sequence[Person],
        options: Options,
        blocked: Iterable[Collection[str]] = (),
    ) -> None:
        self.people = list(people)
        self.options = options
        self.weights = options.weights
        self.n = n = len(self.people)
        self.ids = [p.id for p in self.people]
        self.index = {pid: i for i, pid in enumerate(self.ids)}
        if len(self.index) != n:
            raise ValueError("person ids must be unique")
        langs: dict[str, int] = {}
        skills: dict[str, int] = {}
        depts: dict[str, int] = {}

        def masks(sets: Iterable[frozenset[str]], table: dict[str, int], lower: bool) -> list[int]:
            # Bits in order of first appearance (each set sorted); a set seen before keeps its
            # mask, so each distinct set is worked out once.
            seen: dict[frozenset[str], int] = {}
            out = []
            for items in sets:
                items = items if isinstance(items, frozenset) else frozenset(items)
                m = seen.get(items)
                if m is None:
                    m = 0
                    for item in sorted(s.lower() for s in items) if lower else sorted(items):
                        m |= 1 << table.setdefault(item, len(table))
                    seen[items] = m
                out.append(m)
            return out

        self.lang = masks((p.languages for p in self.people), langs, False)
        self.off = masks((p.skills_offered for p in self.people), skills, True)
        self.want = masks((p.skills_wanted for p in self.people), skills, True)
        self.dept = [depts.setdefault(p.department, len(depts)) for p in self.people]
        self.lang_names = sorted(langs, key=langs.__getitem__)
        self.skill_names = sorted(skills, key=skills.__getitem__)
        self.exp = [p.experience_years for p in self.people]
        self.pref = [PREF_CODES.get(p.role_preference, 2) for p in self.people]
        self.tz = [utc_offset_hours(p.time_zone) for p in self.people]
        index = self.index
        self.mgr = [index.get(p.manager_id, -1) if p.manager_id else -1 for p in self.people]
        self.chain = options.exclude_reporting_chain
        # Ancestors in the reporting tree (only needed for the chain option); loops are cut.
        self.anc: list[frozenset[int]] | None = None
        if self.chain:
            anc = []
            for i in range(n):
                seen: list[int] = []
                m = self.mgr[i]
                while m >= 0 and m != i and m not in seen:
                    seen.append(m)
                    m = self.mgr[m]
                above = (index.get(a, -1) for a in self.people[i].ancestors)
                anc.append(frozenset(seen).union(j for j in above if j >= 0 and j != i))
            self.anc = anc
        self.excl: dict[int, set[int]] = {}
        for i, p in enumerate(self.people):
            for other in p.exclude:
                j = index.get(other)
                if j is not None and j != i:
                    self.excl.setdefault(i, set()).add(j)
                    self.excl.setdefault(j, set()).add(i)
        # Pairs kept apart for a reason nobody may be told (private "rather not with" lists).
        self.apart: dict[int, set[int]] = {}
        for pair in blocked:
            i, j = (index.get(pid) for pid in pair)  # ValueError unless exactly two ids
            if i is not None and j is not None:
                self.apart.setdefault(i, set()).add(j)
                self.apart.setdefault(j, set()).add(i)
        self.cross = options.cross_department
        self.same = options.same_department
        # People with the same manager (known or not in the pool), as codes; -1 for none.
        self.same_manager = options.exclude_same_manager
        managers: dict[str, int] = {}
        self.boss = [
            managers.setdefault(p.manager_id, len(managers)) if p.manager_id else -1
            for p in self.people
        ]
        self._weight = self._make_weight()

    # -- hard constraints -------------------------------------------------------------------

    def ok(self, i: int, j: int) -> bool:
        """True when i and j may be in one group (ignoring history)."""
        if i == j or not (self.lang[i] & self.lang[j]):
            return False
        if self.mgr[i] == j or self.mgr[j] == i:
            return False
        if self.anc is not None and (j in self.anc[i] or i in self.anc[j]):
            return False
        if i in self.excl and j in self.excl[i]:
            return False
        if i in self.apart and j in self.apart[i]:
            return False
        if self.same_manager and self.boss[i] >= 0 and self.boss[i] == self.boss[j]:
            return False
        if self.cross and self.dept[i] == self.dept[j]:
            return False
        return not (self.same and self.dept[i] != self.dept[j])

    def conflict_reason(self, i: int, j: int) -> Reason | None:
        """Which hard constraint keeps i and j out of one group, or None (a blocked pair:
        `rule_private`, without names)."""
        if i in self.apart and j in self.apart[i]:
            return reason("rule_private")
        if self.mgr[i] == j or self.mgr[j] == i:
            code = "rule_reporting_line"
        elif self.anc is not None and (j in self.anc[i] or i in self.anc[j]):
            code = "rule_reporting_chain"
        elif i in self.excl and j in self.excl[i]:
            code = "rule_excluded"
        elif self.same_manager and self.boss[i] >= 0 and self.boss[i] == self.boss[j]:
            code = "rule_same_manager"
        elif self.cross and self.dept[i] == self.dept[j]:
            code = "rule_same_department"
        elif self.same and self.dept[i] != self.dept[j]:
            code = "rule_different_departments"
        else:
            return None
        return reason(code, person_a=display(self.people[i]), person_b=display(self.people[j]))

    def conflict(self, i: int, j: int) -> str | None:
        """Why i and j may not share a group (a short English text), or None."""
        why = self.conflict_reason(i, j)
        if why is None:
            return None
        if why.code == "rule_private":
            return "a private preference keeps two members apart"
        a, b = self.ids[i], self.ids[j]
        return {
            "rule_reporting_line": f"{a} and {b} have a direct reporting line",
            "rule_reporting_chain": f"{a} and {b} are in one reporting chain",
            "rule_excluded": f"{a} and {b} are excluded from each other",
            "rule_same_manager": f"{a} and {b} have the same manager",
            "rule_same_department": f"{a} and {b} are in the same department",
            "rule_different_departments": f"{a} and {b} are in different departments",
        }[why.code]

    def group_ok(self, members: Sequence[int]) -> bool:
        common = -1
        for x, i in enumerate(members):
            common &= self.lang[i]
            for j in members[x + 1 :]:
                if not self.ok(i, j):
                    return False
        return common != 0

    def ok_many(self, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
        """`ok` for many pairs at once (boolean array)."""
        arr = self._arrays()
        if arr is None:
            return np.fromiter(
                (self.ok(i, j) for i, j in zip(ii.tolist(), jj.tolist(), strict=True)),
                dtype=bool,
                count=len(ii),
            )
        good = (ii != jj) & ((arr["lang"][ii] & arr["lang"][jj]) != 0)
        good &= (arr["mgr"][ii] != jj) & (arr["mgr"][jj] != ii)
        if self.cross:
            good &= arr["dept"][ii] != arr["dept"][jj]
        if self.same:
            good &= arr["dept"][ii] == arr["dept"][jj]
        if self.same_manager:
            good &= (arr["boss"][ii] < 0) | (arr["boss"][ii] != arr["boss"][jj])
        if self.excl or self.apart or self.anc is not None:
            # Rare per-person rules: check the pairs that touch them one by one.
            special = arr["special"][ii] | arr["special"][jj]
            for t in np.flatnonzero(special & good).tolist():
                good[t] = self.ok(int(ii[t]), int(jj[t]))
        return good

    def weight_many(self, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
        """`weight` for many pairs at once (same formula, vectorised)."""
        arr = self._arrays()
        if arr is None:
            return np.fromiter(
                (self._weight(i, j) for i, j in zip(ii.tolist(), jj.tolist(), strict=True)),
                dtype=float,
                count=len(ii),
            )
        w = self.weights
        score = np.full(len(ii), NEW_PAIRING_BONUS)
        wi, wj = arr["want"][ii], arr["want"][jj]
        a = np.bitwise_count(wi & arr["off"][jj]).astype(np.int64)
        b = np.bitwise_count(wj & arr["off"][ii]).astype(np.int64)
        se = (np.minimum(a, 3) + np.minimum(b, 3)) / 3 + ((a > 0) & (b > 0))
        score += np.where((a > 0) | (b > 0), w.skill_exchange * se, 0.0)
        ei, ej = arr["exp"][ii], arr["exp"][jj]
        gap = np.abs(ei - ej)
        known = arr["exp_known"][ii] & arr["exp_known"][jj] & (gap >= 3)
        score += np.where(known, w.experience_gap * np.minimum(gap, 12) / 12, 0.0)
        score += np.where(arr["dept"][ii] != arr["dept"][jj], w.department_mix, 0.0)
        shared = np.bitwise_count(wi & wj)
        score += np.where(
            shared >= 2, w.shared_topics, np.where(shared == 1, w.shared_topics * 0.5, 0.0)
        )
        ti, tj = arr["tz"][ii], arr["tz"][jj]
        unknown = np.isnan(ti) | np.isnan(tj)
        d = np.abs(np.where(unknown, 0.0, ti - tj))
        score += np.where(
            unknown, w.time_zone * 0.5, np.where(d < 8, w.time_zone * (1.0 - d / 8), 0.0)
        )
        pi, pj = arr["pref"][ii], arr["pref"][jj]
        score += np.where(
            pi + pj == 1,
            w.role_preference,
            np.where((pi == 2) | (pj == 2), w.role_preference * 0.5, 0.0),
        )
        return score

    def _arrays(self) -> dict[str, np.ndarray] | None:
        """Per-person numpy arrays (None when the bit masks do not fit in 63 bits)."""
        if not hasattr(self, "_arr"):
            if len(self.skill_names) >= 63 or len(self.lang_names) >= 63:
                self._arr = None
            else:
                special = np.zeros(self.n, dtype=bool)
                for i in (*self.excl, *self.apart):
                    special[i] = True
                if self.anc is not None:
                    special[:] = True
                self._arr = {
                    "lang": np.array(self.lang, dtype=np.int64),
                    "want": np.array(self.want, dtype=np.int64),
                    "off": np.array(self.off, dtype=np.int64),
                    "dept": np.array(self.dept, dtype=np.int64),
                    "mgr": np.array(self.mgr, dtype=np.int64),
                    "boss": np.array(self.boss, dtype=np.int64),
                    "exp": np.array([e or 0 for e in self.exp], dtype=np.int64),
                    "exp_known": np.array([e is not None for e in self.exp], dtype=bool),
                    "tz": np.array([np.nan if t is None else t for t in self.tz], dtype=float),
                    "pref": np.array(self.pref, dtype=np.int64),
                    "special": special,
                }
        return self._arr

    # -- soft score -------------------------------------------------------------------------

    def weight(self, i: int, j: int) -> float:
        """Soft score of putting i and j together, plus the new-pairing bonus (history aside)."""
        return self._weight(i, j)

    def _make_weight(self):
        w = self.weights
        want, off, exp, dept, tz, pref = (
            self.want,
            self.off,
            self.exp,
            self.dept,
            self.tz,
            self.pref,
        )
        w_se, w_exp, w_dept = w.skill_exchange, w.experience_gap, w.department_mix
        w_topic, w_tz, w_role = w.shared_topics, w.time_zone, w.role_preference

        def weight(i: int, j: int) -> float:
            score = NEW_PAIRING_BONUS
            wi, wj = want[i], want[j]
            a = (wi & off[j]).bit_count()
            b = (wj & off[i]).bit_count()
            if a or b:
                score += w_se * ((min(a, 3) + min(b, 3)) / 3 + (1.0 if a and b else 0.0))
            ei, ej = exp[i], exp[j]
            if ei is not None and ej is not None:
                gap = ei - ej if ei > ej else ej - ei
                if gap >= 3:
                    score += w_exp * (gap if gap < 12 else 12) / 12
            if dept[i] != dept[j]:
                score += w_dept
            if wi & wj:
                score += w_topic * (1.0 if (wi & wj).bit_count() >= 2 else 0.5)
            ti, tj = tz[i], tz[j]
            if ti is None or tj is None:
                score += w_tz * 0.5
            elif ti == tj:
                score += w_tz
            else:
                d = abs(ti - tj)
                if d < 8:
                    score += w_tz * (1.0 - d / 8)
            pi, pj = pref[i], pref[j]
            if pi + pj == 1:  # a coach with a coachee
                score += w_role
            elif pi == 2 or pj == 2:
                score += w_role * 0.5
            return score

        return weight

    def skills(self, m: int) -> list[str]:
        names = self.skill_names
        return [names[b] for b in range(m.bit_length()) if m >> b & 1]

    def first_skill(self, m: int) -> str:
        return self.skill_names[(m & -m).bit_length() - 1]

    def languages(self, m: int) -> list[str]:
        names = self.lang_names
        return [names[b] for b in range(m.bit_length()) if m >> b & 1]

    def pair_reasons(self, i: int, j: int) -> list[tuple[float, Reason]]:
        """Reasons for i and j, each with its share of the score (to pick the strongest)."""
        return [
            (share, make_reason(code, params)) for share, code, params in self.reason_parts(i, j)
        ]

    def reason_parts(self, i: int, j: int) -> list[tuple[float, str, tuple[tuple[str, str], ...]]]:
        """`pair_reasons` as (share, code, parameters as strings), one per code, before any
        `Reason` is built (a group shows only its strongest few)."""
        w = self.weights
        pi, pj = self.people[i], self.people[j]
        ni, nj = pi.name or pi.id, pj.name or pj.id
        out: list[tuple[float, str, tuple[tuple[str, str], ...]]] = []
        a = self.want[i] & self.off[j]
        b = self.want[j] & self.off[i]
        if a and b:
            first = self.first_skill
            params = (
                ("person_a", ni),
                ("skill_a", first(a)),
                ("person_b", nj),
                ("skill_b", first(b)),
            )
            out.append((w.skill_exchange * 2, "skill_exchange", params))
        elif a or b:
            learner, teacher, m = (ni, nj, a) if a else (nj, ni, b)
            params = (("learner", learner), ("teacher", teacher), ("skill", self.first_skill(m)))
            out.append((w.skill_exchange, "skill_offered", params))
        ei, ej = self.exp[i], self.exp[j]
        if ei is not None and ej is not None and abs(ei - ej) >= 3:
            senior, junior = (ni, nj) if ei > ej else (nj, ni)
            gap = abs(ei - ej)
            params = (("senior", senior), ("junior", junior), ("years", str(gap)))
            out.append((w.experience_gap * min(gap, 12) / 12, "experience_gap", params))
        if self.dept[i] != self.dept[j] and pi.department and pj.department:
            params = (("department_a", pi.department), ("department_b", pj.department))
            out.append((w.department_mix, "different_departments", params))
        shared = self.want[i] & self.want[j]
        if shared:
            params = (("skill", self.first_skill(shared)),)
            out.append((w.shared_topics * 0.5, "shared_topic", params))
        ti, tj = self.tz[i], self.tz[j]
        if ti is not None and tj is not None:
            if ti == tj:
                out.append((w.time_zone * 0.5, "same_time_zone", ()))
            elif abs(ti - tj) >= 4:
                out.append((0.0, "time_zone_difference", (("hours", f"{abs(ti - tj):g}"),)))
        if self.pref[i] + self.pref[j] == 1:
            coach, coachee = (ni, nj) if self.pref[i] == 0 else (nj, ni)
            params = (("coach", coach), ("coachee", coachee))
            out.append((w.role_preference, "role_preference", params))
        return out
