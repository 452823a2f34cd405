"""Time matching a round inside the app: database in, engine, database out.

Usage: .venv/bin/python bench/match_app_bench.py [--people 10000] [--size 2]
Uses a fresh SQLite file in a temporary folder (or DATABASE_URL when set) and prints one JSON
line: seconds to load people, plan a round in the app (database in, engine, database out), the
same round by the engine alone on the same people (`engine_s`, input built beforehand) and their
ratio (issue 17: at most 2), matching the draft again (one more plan: the old draft replaced),
and the query counts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django_setup import start_django  # noqa: E402


@contextmanager
def counting_queries(connection) -> Iterator[list[str]]:
    """The statements run meanwhile, counted as the app runs them: Django's
    CaptureQueriesContext would also render every parameter into SQL text (on SQLite one more
    query per 999 of them), 0.05 s of a round whose inserts carry 40,000 values."""
    seen: list[str] = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=2)
    args = parser.parse_args()
    start_django()
    from datetime import date

    from django.db import connection

    from peercoach.matching import planning
    from peercoach.organisations.models import Organisation, Person
    from peercoach.programs.models import Enrolment, Program

    started = time.perf_counter()
    org = Organisation.objects.create(name="Bench", slug=f"bench-{int(time.time())}")
    departments = ["Sales", "Finance", "Operations", "HR", "IT", "Legal"]
    skills = ["presenting", "excel", "negotiating", "planning", "writing", "python", "coaching"]
    people = Person.objects.bulk_create(
        Person(
            organisation=org,
            email=f"p{i}@bench.example",
            name=f"Person {i}",
            department=departments[i % len(departments)],
            languages=["nl", "en"] if i % 5 else ["en"],
            skills_offered=[skills[i % 7], skills[(i * 3) % 7]],
            skills_wanted=[skills[(i + 2) % 7]],
            experience_years=i % 30,
        )
        for i in range(args.people)
    )
    heads = people[:: max(1, args.people // 200)]
    for index, person in enumerate(people):
        if person not in heads:
            person.manager = heads[index % len(heads)]
    Person.objects.bulk_update(people, ["manager"], batch_size=2000)
    program = Program.objects.create(
        organisation=org,
        name="Bench",
        format="pairs" if args.size == 2 else "groups",
        group_size=args.size,
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    Enrolment.objects.bulk_create(
        [Enrolment(program=program, person=p) for p in people], batch_size=2000
    )
    setup_seconds = time.perf_counter() - started

    from django.utils import timezone

    from peercoach.matching import engine

    pool = list(planning.enrolled_pool(program, timezone.localdate()).values())
    options = planning.options_for(program)
    # Like for like: the app pauses the cycle collector during a round, so the engine does too.
    with planning.no_cycle_collection():
        started = time.perf_counter()
        engine.plan_rounds(pool, options, rounds=1, seed=program.pk * 1000 + 1)
        engine_seconds = time.perf_counter() - started

    with counting_queries(connection) as queries:
        started = time.perf_counter()
        round_ = planning.do_plan_round(program)
        plan_seconds = time.perf_counter() - started
    with counting_queries(connection) as again_queries:
        started = time.perf_counter()
        planning.do_plan_round(program)
        again_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "people": args.people,
                "group_size": args.size,
                "database": connection.vendor,
                "setup_s": round(setup_seconds, 2),
                "plan_round_s": round(plan_seconds, 2),
                "plan_round_queries": len(queries),
                "engine_s": round(engine_seconds, 2),
                "app_over_engine": round(plan_seconds / engine_seconds, 2),
                "plan_again_s": round(again_seconds, 2),
                "plan_again_queries": len(again_queries),
                "load_average": round(os.getloadavg()[0], 1),
                "groups": round_.groups.count(),
                "unplaced": len(round_.unplaced),
                "repeats": round_.repeats,
            }
        )
    )


if __name__ == "__main__":
    main()
