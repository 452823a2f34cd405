"""The peercoach matching engine: pairs and intervision groups, rounds and roles.

Plain Python (numpy/scipy only); no Django import anywhere in this package.
"""

from .circle import rotation_limit
from .context import Context
from .model import MatchedGroup, Options, Person, Reason, RoundResult, Unplaced, Weights
from .planner import plan_rounds
from .scores import hard_constraint_violations, score_group, violation_reasons

__all__ = [
    "Context",
    "MatchedGroup",
    "Options",
    "Person",
    "Reason",
    "RoundResult",
    "Unplaced",
    "Weights",
    "hard_constraint_violations",
    "plan_rounds",
    "rotation_limit",
    "score_group",
    "violation_reasons",
]
