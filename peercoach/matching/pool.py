"""The engine's input read from the database: who is matched, as bare rows, never instances.

A round of 10,000 people reads 10,000 tuples and the never-meet pairs in three queries
(bench/match_app_bench.py), whatever the size of the program.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from peercoach.matching import engine
from peercoach.organisations.models import Person
from peercoach.programs.models import EnrolmentStatus, Program


def _enrolled(program: Program, on: date | None) -> QuerySet[Person]:
    from peercoach.health.models import Absence, AbsenceKind

    enrolled = Person.objects.filter(
        enrolments__program=program, enrolments__status=EnrolmentStatus.ACTIVE
    )
    if on is None:  # breaks or not (a plan of several rounds leaves people out per round)
        return enrolled
    paused = Absence.objects.filter(
        program=program, kind=AbsenceKind.PAUSE, starts_on__lte=on, ends_on__gte=on
    ).values("person_id")
    return enrolled.exclude(pk__in=paused)


def enrolled_people(program: Program, on: date | None = None) -> list[Person]:
    """Who a round starting `on` matches: the actively enrolled, minus anyone on a break from
    the program that day (peercoach/health)."""
    return list(_enrolled(program, on).select_related("organisation").prefetch_related("excluded"))


def managers_above(program: Program) -> dict[int, frozenset[str]]:
    """Every manager above each person of the organisation (one query), for programs that keep
    whole reporting chains apart; empty for the others, which need only direct lines."""
    if not program.keep_reporting_lines_apart:
        return {}
    manager_of = dict(
        Person.objects.filter(organisation_id=program.organisation_id).values_list(
            "pk", "manager_id"
        )
    )
    above: dict[int, frozenset[str]] = {}
    for pk in manager_of:
        chain: list[str] = []
        boss = manager_of.get(pk)
        while boss is not None and boss != pk and str(boss) not in chain:
            chain.append(str(boss))
            boss = manager_of.get(boss)
        above[pk] = frozenset(chain)
    return above


# What the engine reads of a person, in the order `engine_people_of` unpacks it. The JSON
# lists come as their text (`JSON_AS_TEXT`): in a pool they take a few distinct values, so each
# distinct text is parsed once instead of 30,000 lists decoded for 10,000 people.
JSON_AS_TEXT = ("languages", "skills_offered", "skills_wanted")
ENGINE_FIELDS = (
    "pk",
    "name",
    "department",
    "manager_id",
    "languages",
    "organisation__default_language",
    "time_zone",
    "organisation__time_zone",
    "skills_offered",
    "skills_wanted",
    "experience_years",
    "role_preference",
)


def _engine_columns() -> list[str | Cast]:
    return [Cast(name, TextField()) if name in JSON_AS_TEXT else name for name in ENGINE_FIELDS]


class _ParsedOnce(dict):
    """A JSON list's text -> its items as a frozenset (lowercased for skills), parsed once."""

    def __init__(self, lower: bool) -> None:
        super().__init__()
        self.lower = lower

    def __missing__(self, text: str | None) -> frozenset[str]:
        items = (json.loads(text) if text else None) or ()
        parsed = frozenset(item.lower() for item in items) if self.lower else frozenset(items)
        self[text] = parsed
        return parsed


def engine_people_of(
    program: Program, people: QuerySet[Person], *, ids: Iterable[int] | None = None
) -> dict[str, engine.Person]:
    """The engine's view of `people`, in their order, from bare rows: one query for the people,
    one for whom they never meet, one more for a program that keeps whole reporting lines apart.

    No model instances: matching 10,000 people reads 10,000 tuples (bench/match_app_bench.py).
    `ids` narrows the never-meet rows to these people when they are known (a hand edit);
    otherwise they are read through a subquery of `people`.
    """
    above = managers_above(program)
    Excluded = Person.excluded.through
    pairs = Excluded.objects.filter(
        from_person_id__in=list(ids) if ids is not None else people.values("pk")
    ).values_list("from_person_id", "to_person_id")
    exclude: dict[int, set[str]] = defaultdict(set)
    for who, other in pairs:
        exclude[who].add(str(other))
    languages_of, skills_of = _ParsedOnce(lower=False), _ParsedOnce(lower=True)
    nobody: frozenset[str] = frozenset()
    out: dict[str, engine.Person] = {}
    for row in people.values_list(*_engine_columns()):
        pk, name, dept, manager, langs, org_lang, tz, org_tz, offered, wanted, years, pref = row
        out[str(pk)] = engine.Person(
            id=str(pk),
            name=name,
            department=dept,
            manager_id=str(manager) if manager else None,
            languages=languages_of[langs] or frozenset([org_lang]),
            time_zone=tz or org_tz,
            skills_offered=skills_of[offered],
            skills_wanted=skills_of[wanted],
            experience_years=years,
            role_preference=pref,
            exclude=frozenset(exclude[pk]) if pk in exclude else nobody,
            ancestors=above.get(pk, nobody),
        )
    return out


def engine_people(program: Program, person_ids: Iterable[int]) -> dict[str, engine.Person]:
    """The engine's view of these people: two queries, one more for a program that keeps
    whole reporting lines apart."""
    ids = list(person_ids)
    return engine_people_of(program, Person.objects.filter(pk__in=ids), ids=ids)


def enrolled_pool(program: Program, on: date) -> dict[str, engine.Person]:
    """The engine's view of who a round starting `on` matches (see `enrolled_people`)."""
    return engine_people_of(program, _enrolled(program, on))


def program_pool(program: Program) -> dict[str, engine.Person]:
    """The engine's view of everyone actively enrolled, breaks or not: a plan of several rounds
    leaves people out per round (`breaks_in`), not from the whole schedule."""
    return engine_people_of(program, _enrolled(program, None))


def breaks_in(program: Program, days: Mapping[int, date]) -> dict[int, set[str]]:
    """Who is on a break from the program on each of `days` (round number → its start), as
    person ids for the engine's `unavailable`: one query."""
    from peercoach.health.models import Absence, AbsenceKind

    if not days:
        return {}
    pauses = Absence.objects.filter(
        program=program,
        kind=AbsenceKind.PAUSE,
        starts_on__lte=max(days.values()),
        ends_on__gte=min(days.values()),
    ).values_list("person_id", "starts_on", "ends_on")
    away: dict[int, set[str]] = {}
    for person, first, last in pauses:
        for number, day in days.items():
            if first <= day <= last:
                away.setdefault(number, set()).add(str(person))
    return away
