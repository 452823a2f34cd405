"""Repeat-free rounds through the app's rotation plan: planned at once, taken and published one
round at a time (issue 17: 31, 5, 10, 7, 10, 6 for pairs 32, 16/4, 32/4, 15/3, 21/3, 25/5).

Usage: .venv/bin/python bench/program_plan_bench.py [--only 32/2 16/4 ...]
Uses a fresh SQLite file in a temporary folder (or DATABASE_URL when set). Per scenario, a
weekly program lasting the known maximum of rounds is planned with "Plan all rounds"
(`program_plan.do_plan_program`), then each round is taken from the plan and published
(`do_take_next_round`, `rounds.do_publish`). Prints one JSON line: per scenario the rounds the
program runs, the bound the lead sees, `rounds_reached` (leading published rounds in which
everyone is placed in groups of exactly the asked size and nobody meets anyone again), the pairs
that meet again in the whole plan and the seconds the plan and the publication took. "25/5
boss" has a manager with four direct reports.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django_setup import start_django  # noqa: E402

SCENARIOS = {
    "32/2": (32, 2, 31, False),
    "16/4": (16, 4, 5, False),
    "32/4": (32, 4, 10, False),
    "15/3": (15, 3, 7, False),
    "21/3": (21, 3, 10, False),
    "25/5": (25, 5, 6, False),
    "25/5 boss": (25, 5, 5, True),
}


def run(name: str, n: int, k: int, rounds: int, boss: bool) -> dict:
    from peercoach.matching import program_plan
    from peercoach.matching.rounds import do_publish
    from peercoach.organisations.models import Organisation, Person
    from peercoach.programs.models import Enrolment, GroupMember, Program, ProgramStatus

    org = Organisation.objects.create(name=name, slug=f"bench-{name.replace('/', '-')}-{n}")
    people = Person.objects.bulk_create(
        Person(organisation=org, email=f"p{i}@{n}-{k}.example", name=f"Person {i}")
        for i in range(n)
    )
    if boss:
        for report in people[1:5]:
            report.manager = people[0]
        Person.objects.bulk_update(people[1:5], ["manager"])
    start = date(2027, 1, 4)
    program = Program.objects.create(
        organisation=org,
        name=name,
        format="pairs" if k == 2 else "groups",
        group_size=k,
        cadence="weekly",
        starts_on=start,
        ends_on=start + timedelta(weeks=rounds),
        status=ProgramStatus.RUNNING,
    )
    Enrolment.objects.bulk_create(Enrolment(program=program, person=p) for p in people)
    began = time.perf_counter()
    plan = program_plan.do_plan_program(program)
    planned_s = time.perf_counter() - began
    meeting_again = sum(p["repeats"] for p in plan.planned)
    began = time.perf_counter()
    reached, seen, counting = 0, set(), True
    everyone = sorted(p.pk for p in people)
    for _ in range(len(plan.planned)):
        round_ = program_plan.do_take_next_round(program)
        do_publish(round_)
        groups: dict[int, list[int]] = {}
        for group_id, person_id in GroupMember.objects.filter(group__round=round_).values_list(
            "group_id", "person_id"
        ):
            groups.setdefault(group_id, []).append(person_id)
        pairs = {frozenset(p) for g in groups.values() for p in itertools.combinations(g, 2)}
        strict = all(len(g) == k for g in groups.values())
        placed = sorted(pk for g in groups.values() for pk in g) == everyone
        counting = counting and strict and placed and not (pairs & seen)
        reached += counting
        seen |= pairs
    plan.refresh_from_db()
    return {
        "scenario": name,
        "rounds": plan.rounds_total,
        "bound": plan.bound.get("rounds"),
        "rounds_reached": reached,
        "pairs_meeting_again": meeting_again,
        "plan_s": round(planned_s, 2),
        "take_and_publish_s": round(time.perf_counter() - began, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=list(SCENARIOS))
    args = parser.parse_args()
    start_django()
    results = [run(name, *SCENARIOS[name]) for name in args.only]
    print(json.dumps({"program_plan": results}))


if __name__ == "__main__":
    main()
