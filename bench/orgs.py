"""Realistic synthetic organisations for the matching benchmark (fixed seed, no I/O)."""

from __future__ import annotations

import random

from peercoach.matching.engine import Person

SKILLS = [
    "presenting",
    "excel",
    "client communication",
    "negotiation",
    "giving feedback",
    "time management",
    "python",
    "sql",
    "project management",
    "budgeting",
    "coaching",
    "conflict resolution",
    "writing",
    "public speaking",
    "stakeholder management",
    "leading a team",
    "hiring",
    "data analysis",
    "design thinking",
    "sales",
    "marketing",
    "procurement",
    "legal basics",
    "privacy",
    "security awareness",
    "agile",
    "scrum",
    "change management",
    "strategy",
    "storytelling",
    "mentoring",
    "facilitation",
    "delegation",
    "prioritising",
    "networking",
    "cloud",
    "machine learning",
    "ux research",
    "accessibility",
    "finance for non-finance",
]
ZONES = [
    ("Europe/Amsterdam", 0.78),
    ("Europe/London", 0.1),
    ("America/New_York", 0.06),
    ("Asia/Singapore", 0.04),
    ("America/Los_Angeles", 0.02),
]
LANGS = [
    (("nl", "en"), 0.8),
    (("en",), 0.12),
    (("nl",), 0.05),
    (("de", "en"), 0.025),
    (("de",), 0.005),
]


def _pick(rng: random.Random, table):
    x = rng.random()
    for value, p in table:
        x -= p
        if x <= 0:
            return value
    return table[-1][0]


def organisation(n: int, seed: int = 42) -> list[Person]:
    rng = random.Random(seed)
    weights = [1 / (r + 1) ** 0.8 for r in range(len(SKILLS))]  # some skills are popular
    n_depts = max(4, n // 60)
    dept_names = [f"Department {d + 1}" for d in range(n_depts)]
    ids = [f"person{i:06d}@example.org" for i in range(n)]
    # Reporting tree: person 0 is the director; each department has a head under the director
    # and managers with 3-8 reports each.
    dept = [""] * n
    manager: list[str | None] = [None] * n
    dept[0] = "Board"
    open_managers: dict[int, list[int]] = {d: [] for d in range(n_depts)}
    for i in range(1, n):
        d = min(int(rng.paretovariate(1.2)) - 1, n_depts - 1) if i > n_depts else i - 1
        dept[i] = dept_names[d]
        slots = open_managers[d]
        if not slots:
            manager[i] = ids[0]
            slots.extend([i] * rng.randint(3, 8))
        else:
            m = slots.pop(rng.randrange(len(slots)))
            manager[i] = ids[m]
            if rng.random() < 0.25:  # some reports manage a team themselves
                slots.extend([i] * rng.randint(3, 8))
    people = []
    for i in range(n):
        offered = set(rng.choices(SKILLS, weights, k=rng.randint(1, 3)))
        wanted = set(rng.choices(SKILLS, weights, k=rng.randint(1, 3))) - offered
        exclude = (
            frozenset({ids[rng.randrange(n)]} - {ids[i]}) if rng.random() < 0.005 else frozenset()
        )
        people.append(
            Person(
                id=ids[i],
                name=f"Person {i}",
                department=dept[i],
                manager_id=manager[i],
                languages=frozenset(_pick(rng, LANGS)),
                time_zone=_pick(rng, ZONES),
                skills_offered=frozenset(offered),
                skills_wanted=frozenset(wanted),
                experience_years=rng.randint(0, 35),
                role_preference=_pick(rng, [("both", 0.7), ("coach", 0.15), ("coachee", 0.15)]),
                exclude=exclude,
            )
        )
    return people
