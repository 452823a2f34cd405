"""Web pages at scale: p50/p95 per page as a ratio to the sign-in page, at several sizes.

Usage: .venv/bin/python bench/web_bench.py [--people 1000,10000] [--requests 20] [--port 8560]
       [--one-after-another]
       [--database-url postgres://postgres@127.0.0.1:5432/peercoach_webbench]

For each size, in a PostgreSQL database of its own (dropped and created again, migrated): an
organisation of that many people in departments with a reporting tree, a running weekly pairs
program of six months with everyone in a pair (about 100,000 sessions at 10,000 people, most
held, with attendance and an action item each), and a draft matching round that pairs everyone
again with reasons, all with bulk_create. Then gunicorn (2 workers) serves it; the program
lead signs in through the sign-in form, and each page is fetched `--requests` times: the
sign-in page, home, the people list, the program page, the matching page, the report, a group
page and a session page, one request of each in turn (so that a slower stretch of the machine
falls on all of them alike). Prints one JSON line per size and a last line comparing them:
p50/p95 in ms, the bytes per page, and p50 as a ratio to the sign-in page's p50
in the same run (the goals: every page ≤ 5× at p50, and the same ratio ±30 % at every size).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from demo_server import Browser, gunicorn  # noqa: E402

PASSWORD = "bench-password-1234"
RUN_DAYS = 182
DEPARTMENT_SIZE = 60


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def seed(people_count: int) -> dict:
    """The organisation, its pairs program with six months of weekly sessions, a draft round."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from peercoach.coaching.models import ActionItem, Attendance, CoachingSession, SessionStatus
    from peercoach.organisations.models import Organisation, Person, Role
    from peercoach.programs.models import (
        Enrolment,
        Group,
        GroupMember,
        Program,
        ProgramStatus,
        Round,
        RoundStatus,
    )

    now = timezone.now()
    today = timezone.localdate(now)
    org = Organisation.objects.create(name="Bench", slug="bench", default_language="en")
    people = Person.objects.bulk_create(
        (
            Person(
                organisation=org,
                name=f"Person {i}",
                email=f"p{i}@bench.example",
                department=f"Department {i // DEPARTMENT_SIZE}",
                languages=["nl", "en"],
            )
            for i in range(people_count)
        ),
        batch_size=2000,
    )
    for i, person in enumerate(people[1:], start=1):  # a tree of fan-out 10
        person.manager = people[(i - 1) // 10]
    Person.objects.bulk_update(people[1:], ["manager"], batch_size=2000)
    user = get_user_model().objects.create_user(
        username="lead@bench.example", email="lead@bench.example", password=PASSWORD
    )
    lead = Person.objects.create(
        organisation=org,
        name="Lead",
        email="lead@bench.example",
        role=Role.LEAD,
        user=user,
        profile_confirmed_at=now,
    )
    program = Program.objects.create(
        organisation=org,
        name="Bench pairs",
        format="pairs",
        cadence="weekly",
        starts_on=today - timedelta(days=RUN_DAYS),
        ends_on=today + timedelta(days=60),
        status=ProgramStatus.RUNNING,
    )
    program.leads.add(lead)
    Enrolment.objects.bulk_create(
        (Enrolment(program=program, person=person) for person in people), batch_size=2000
    )
    first = Round.objects.create(
        program=program, number=1, status=RoundStatus.PUBLISHED, matched_at=now
    )
    pairs = people_count // 2
    groups = Group.objects.bulk_create(
        (Group(program=program, round=first, name=f"Pair {i + 1}") for i in range(pairs)),
        batch_size=2000,
    )
    GroupMember.objects.bulk_create(
        (GroupMember(group=groups[i // 2], person=p) for i, p in enumerate(people[: 2 * pairs])),
        batch_size=2000,
    )
    sessions = []
    for number, group in enumerate(groups):
        for week in range(RUN_DAYS // 7):
            starts_at = now - timedelta(days=RUN_DAYS - 7 * week, hours=number % 9)
            kind = (number + week) % 20
            status = (
                SessionStatus.CANCELLED
                if kind == 0
                else SessionStatus.PLANNED
                if kind == 1
                else SessionStatus.HELD
            )
            sessions.append(CoachingSession(group=group, starts_at=starts_at, status=status))
        sessions.append(CoachingSession(group=group, starts_at=now + timedelta(days=3)))
    sessions = CoachingSession.objects.bulk_create(sessions, batch_size=5000)
    held = [s for s in sessions if s.status == SessionStatus.HELD]
    members = {g.pk: (people[2 * i].pk, people[2 * i + 1].pk) for i, g in enumerate(groups)}
    Attendance.objects.bulk_create(
        (
            Attendance(session=s, person_id=person_id, present=(s.pk + person_id) % 7 != 0)
            for s in held
            for person_id in members[s.group_id]
        ),
        batch_size=5000,
    )
    ActionItem.objects.bulk_create(
        (
            ActionItem(
                session=s,
                owner_id=members[s.group_id][s.pk % 2],
                created_by_id=members[s.group_id][s.pk % 2],
                text="An action",
                due_on=timezone.localdate(s.starts_at) + timedelta(days=14),
                done_at=s.starts_at + timedelta(days=7) if s.pk % 3 else None,
            )
            for s in held
        ),
        batch_size=5000,
    )
    # The next round, matched and not yet published: everyone paired with someone new.
    draft = Round.objects.create(program=program, number=2, status=RoundStatus.DRAFT)
    reasons = [
        {"code": "different_departments", "params": {"department_a": "A", "department_b": "B"}},
        {"code": "shared_language", "params": {"language": "nl"}},
        {"code": "new_pairing", "params": {}},
    ]
    draft_groups = Group.objects.bulk_create(
        (
            Group(program=program, round=draft, name=f"Pair {i + 1}", score=1.0, reasons=reasons)
            for i in range(pairs)
        ),
        batch_size=2000,
    )
    shifted = people[1 : 2 * pairs] + people[:1]
    GroupMember.objects.bulk_create(
        (GroupMember(group=draft_groups[i // 2], person=p) for i, p in enumerate(shifted)),
        batch_size=2000,
    )
    return {
        "program": program.pk,
        "group": groups[len(groups) // 2].pk,
        "session": held[len(held) // 2].pk,
        "sessions": len(sessions),
    }


def pages(world: dict) -> dict[str, str]:
    program = world["program"]
    return {
        "sign_in": "/signin/",
        "home": "/",
        "people": "/people/",
        "program": f"/programs/{program}/",
        "matching": f"/matching/programs/{program}/",
        "report": f"/reports/programs/{program}/",
        "group": f"/programs/groups/{world['group']}/",
        "session": f"/sessions/{world['session']}/",
    }


def measure(port: int, world: dict, requests: int, one_after_another: bool = False) -> dict:
    """Each page `requests` times, the pages taking turns (one request of each, then the next
    round), so that a slower stretch of the shared machine falls on every page alike, the
    sign-in page included, instead of on whichever page was being measured then
    (`one_after_another`: each page's requests in a row, as this bench did before)."""
    signed_in = Browser(port, timeout=300)
    signed_in.sign_in("lead@bench.example", PASSWORD)
    anonymous = Browser(port, timeout=300)
    paths = pages(world)
    browser_of = {name: anonymous if name == "sign_in" else signed_in for name in paths}
    for name, path in paths.items():
        for _ in range(2):  # both workers have loaded the page's code and templates
            status, location, _content = browser_of[name].request("GET", path)
            if status != 200:
                raise RuntimeError(f"{path}: {status} {location}")
    seconds: dict[str, list[float]] = {name: [] for name in paths}
    sizes: dict[str, int] = {}
    if one_after_another:  # the earlier way: all requests of a page, then the next page
        order = [name for name in paths for _ in range(requests)]
    else:
        order = [name for _ in range(requests) for name in paths]
    for name in order:
        started = time.perf_counter()
        status, _, content = browser_of[name].request("GET", paths[name])
        seconds[name].append(time.perf_counter() - started)
        assert status == 200, (paths[name], status)
        sizes[name] = len(content)
    figures: dict[str, dict] = {}
    for name, taken in seconds.items():
        taken.sort()
        figures[name] = {
            "p50_ms": round(1000 * statistics.median(taken), 1),
            "p95_ms": round(1000 * taken[min(len(taken) - 1, int(0.95 * len(taken)))], 1),
            "bytes": sizes[name],
        }
    base = figures["sign_in"]["p50_ms"]
    for figure in figures.values():
        figure["ratio_p50"] = round(figure["p50_ms"] / base, 2)
        figure["ratio_p95"] = round(figure["p95_ms"] / base, 2)
    return figures


def one_size(people: int, url: str, port: int, requests: int, in_a_row: bool) -> dict:
    """Seed a fresh database, serve it, measure; runs in its own process per size."""
    recreate_database(url)
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="peercoach.settings", LOG_LEVEL="WARNING"
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    world = seed(people)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load
    seed_s = round(time.perf_counter() - started, 1)
    connection.close()
    env = {**os.environ, "DEBUG": "0"}
    log = open(Path(tempfile.mkdtemp(prefix="peercoach-web-bench-")) / "server.log", "w")  # noqa: SIM115
    server = gunicorn(port, 2, env, log, timeout=300)
    try:
        figures = measure(port, world, requests, in_a_row)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return {"people": people, "sessions": world["sessions"], "seed_s": seed_s, "pages": figures}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", default="1000,10000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--port", type=int, default=8560)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/peercoach_webbench"
    )
    parser.add_argument(
        "--one-after-another", action="store_true", help="each page's requests in a row"
    )
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_size:
        figures = one_size(
            args.one_size, args.database_url, args.port, args.requests, args.one_after_another
        )
        print(json.dumps(figures))
        return
    runs = []
    for people in [int(size) for size in args.people.split(",")]:
        command = [sys.executable, __file__, "--one-size", str(people)]
        command += ["--requests", str(args.requests), "--port", str(args.port)]
        command += ["--database-url", args.database_url]
        command += ["--one-after-another"] if args.one_after_another else []
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]), flush=True)
    smallest, largest = runs[0]["pages"], runs[-1]["pages"]
    print(
        json.dumps(
            {
                "worst_ratio_p50": max(
                    page["ratio_p50"] for run in runs for page in run["pages"].values()
                ),
                "ratio_change": {
                    name: round(largest[name]["ratio_p50"] / smallest[name]["ratio_p50"] - 1, 2)
                    for name in smallest
                },
                "load_average": os.getloadavg(),
            }
        )
    )


if __name__ == "__main__":
    main()
