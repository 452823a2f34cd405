"""Public data types of the matching engine (plain dataclasses, no Django)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

ROLE_PREFERENCES = ("coach", "coachee", "both")


@dataclass(frozen=True)
class Person:
    id: str
    name: str = ""
    department: str = ""
    manager_id: str | None = None
    languages: frozenset[str] = frozenset()
    time_zone: str = ""
    skills_offered: frozenset[str] = frozenset()
    skills_wanted: frozenset[str] = frozenset()
    experience_years: int | None = None
    role_preference: str = "both"
    exclude: frozenset[str] = frozenset()
    # Every manager above this person, when the caller knows them (the app does): with
    # `exclude_reporting_chain` a skip-level manager is kept apart even when the managers in
    # between are not in the pool.
    ancestors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Weights:
    """Soft score weights (each >= 0). Use `Weights.for_format` for sensible defaults."""

    skill_exchange: float = 3.0
    experience_gap: float = 1.0
    department_mix: float = 0.5
    shared_topics: float = 0.5
    time_zone: float = 1.0
    role_preference: float = 1.5

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            if getattr(self, name) < 0:
                raise ValueError(f"weight {name} must be >= 0")

    @classmethod
    def for_format(cls, fmt: str) -> Weights:
        if fmt == "pairs":
            return cls()
        if fmt == "groups":
            return cls(
                skill_exchange=1.5,
                experience_gap=0.5,
                department_mix=2.0,
                shared_topics=1.5,
                time_zone=1.5,
                role_preference=0.25,
            )
        raise ValueError(f"unknown format {fmt!r}; use 'pairs' or 'groups'")


@dataclass(frozen=True)
class Options:
    group_size: int = 2
    cross_department: bool = False
    same_department: bool = False
    exclude_reporting_chain: bool = False
    exclude_same_manager: bool = False
    # None means the defaults for the format (pairs when group_size == 2, else groups); after
    # construction `weights` is always a Weights.
    weights: Weights = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.weights is None:
            fmt = "pairs" if self.group_size == 2 else "groups"
            object.__setattr__(self, "weights", Weights.for_format(fmt))
        if not 2 <= self.group_size <= 8:
            raise ValueError("group_size must be between 2 and 8")
        if self.cross_department and self.same_department:
            raise ValueError("cross_department and same_department exclude each other")


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def reason(code: str, **params: str) -> Reason:
    return Reason(code, MappingProxyType({k: str(v) for k, v in params.items()}))


def make_reason(code: str, params: tuple[tuple[str, str], ...] = ()) -> Reason:
    """`reason` for parameters that are strings already, as (name, value) in order."""
    return Reason(code, MappingProxyType(dict(params)))


@functools.lru_cache(maxsize=1024)
def common_reason(code: str, params: tuple[tuple[str, str], ...] = ()) -> Reason:
    """`make_reason` built once for reasons that recur in many groups (no names in them)."""
    return make_reason(code, params)


@dataclass(frozen=True)
class MatchedGroup:
    members: tuple[str, ...]
    roles: Mapping[str, str]
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Unplaced:
    person_id: str
    reason: Reason


@dataclass(frozen=True)
class RoundResult:
    number: int
    groups: tuple[MatchedGroup, ...]
    unplaced: tuple[Unplaced, ...]
    repeats: int
    # Pairs only: the plan's weight (sum of `weight` over its new pairs, an odd trio counted
    # with its best pair) and a certified upper bound on the best possible matching of the
    # round's pool over all admissible new pairs (see engine/bound.py); None when not computed.
    pair_weight: float = 0.0
    upper_bound: float | None = None

    @property
    def share_of_best(self) -> float | None:
        """pair_weight / upper_bound (at most 1): the plan is at least this good a share of the
        best possible round."""
        if not self.upper_bound:
            return None
        return min(1.0, self.pair_weight / self.upper_bound)
