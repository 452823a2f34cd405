"""Time the reports on an organisation of 10,000 people in a pairs program of about six months.

Usage: .venv/bin/python bench/reports_bench.py [--people 10000] [--repeat 3]
Uses a fresh SQLite file in a temporary folder (or DATABASE_URL when set, e.g. an empty
PostgreSQL database, which is ANALYZEd after seeding). Seeds one organisation
(a reporting tree: a director over four divisions of 2,000 people), a running biweekly pairs
program with everyone in a pair, sessions every two weeks since six months ago (most held, some
cancelled, some never marked), attendance, an action item per held session and goals. Then
times the program report, its CSV export and the team view of a division director (2,000
people) through Django's test client, as the lead and the director would open them. Prints one
JSON line: seconds (median of --repeat runs) and the number of queries per page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django_setup import start_django  # noqa: E402

DIVISIONS = 4
DIVISION_SIZE = 2_001  # a division director and the 2,000 people reporting to them
FAN_OUT = 10
RUN_DAYS = 182


def seed(people_count: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from peercoach.coaching.models import ActionItem, Attendance, CoachingSession, SessionStatus
    from peercoach.growth.models import Goal, GoalStatus, GoalVisibility
    from peercoach.organisations.models import Organisation, Person, Role
    from peercoach.programs.models import Enrolment, Group, GroupMember, Program, ProgramStatus

    now = timezone.now()
    today = timezone.localdate(now)
    org = Organisation.objects.create(name="Bench", slug="bench", default_language="en")
    people = Person.objects.bulk_create(
        (
            Person(organisation=org, name=f"Person {i}", email=f"p{i}@bench.example")
            for i in range(people_count)
        ),
        batch_size=1000,
    )
    # people[0] leads the organisation; people[1..4] each lead a division of 2,000 people in a
    # tree of fan-out 10 (several levels deep); whoever is left reports to people[0] directly.
    directors = people[1 : 1 + DIVISIONS]
    division_of = [[director] for director in directors]
    for index, person in enumerate(people[1 + DIVISIONS :]):
        division = division_of[index % DIVISIONS]
        if len(division) < DIVISION_SIZE:
            person.manager = division[(len(division) - 1) // FAN_OUT]
            division.append(person)
        else:
            person.manager = people[0]
    for director in directors:
        director.manager = people[0]
    Person.objects.bulk_update(people[1:], ["manager"], batch_size=1000)

    User = get_user_model()
    lead = Person.objects.create(
        organisation=org, name="Lead", email="lead@bench.example", role=Role.LEAD
    )
    for person in (lead, directors[0]):
        person.user = User.objects.create_user(username=person.email, email=person.email)
        person.save(update_fields=["user"])

    program = Program.objects.create(
        organisation=org,
        name="Bench pairs",
        format="pairs",
        cadence="biweekly",
        starts_on=today - timedelta(days=RUN_DAYS - 30),
        ends_on=today + timedelta(days=30),
        status=ProgramStatus.RUNNING,
    )
    program.leads.add(lead)
    Enrolment.objects.bulk_create(
        (Enrolment(program=program, person=person) for person in people), batch_size=1000
    )
    groups = Group.objects.bulk_create(
        (Group(program=program, name=f"Pair {i}") for i in range(people_count // 2)),
        batch_size=1000,
    )
    GroupMember.objects.bulk_create(
        (
            GroupMember(group=groups[i // 2], person=p)
            for i, p in enumerate(people[: 2 * len(groups)])
        ),
        batch_size=1000,
    )

    sessions = []
    for number, group in enumerate(groups):
        for week in range(0, RUN_DAYS - 30, 14):
            starts_at = now - timedelta(days=RUN_DAYS - 30 - week, hours=number % 9)
            kind = (number + week) % 20
            status = (
                SessionStatus.CANCELLED
                if kind == 0
                else SessionStatus.PLANNED
                if kind in (1, 2)
                else SessionStatus.HELD
            )
            sessions.append(CoachingSession(group=group, starts_at=starts_at, status=status))
        if number % 10:  # one pair in ten has nothing planned: some of those are idle
            sessions.append(CoachingSession(group=group, starts_at=now + timedelta(days=5)))
    sessions = CoachingSession.objects.bulk_create(sessions, batch_size=2000)

    members = {}
    for membership in GroupMember.objects.values_list("group_id", "person_id"):
        members.setdefault(membership[0], []).append(membership[1])
    held = [s for s in sessions if s.status == SessionStatus.HELD]
    Attendance.objects.bulk_create(
        (
            Attendance(session=s, person_id=person_id, present=(s.pk + person_id) % 7 != 0)
            for s in held
            for person_id in members[s.group_id]
        ),
        batch_size=2000,
    )
    ActionItem.objects.bulk_create(
        (
            ActionItem(
                session=s,
                owner_id=members[s.group_id][s.pk % 2],
                text="An action",
                due_on=timezone.localdate(s.starts_at) + timedelta(days=14),
                done_at=s.starts_at + timedelta(days=7) if s.pk % 3 else None,
            )
            for s in held
        ),
        batch_size=2000,
    )
    statuses = GoalStatus.values
    visibilities = GoalVisibility.values
    Goal.objects.bulk_create(
        (
            Goal(
                owner=person,
                group=groups[i // 2],
                what="A goal",
                visibility=visibilities[i % len(visibilities)],
                status=statuses[i % len(statuses)],
            )
            for i, person in enumerate(people[: 2 * len(groups)])
        ),
        batch_size=2000,
    )
    return {
        "lead": lead,
        "director": directors[0],
        "program": program,
        "sessions": len(sessions),
        "attendance": len(held) * 2,
        "action_items": len(held),
    }


def timed(client, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return round(statistics.median(seconds), 3), len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start_django()
    from django.test import Client
    from django.urls import reverse

    from peercoach import access

    started = time.perf_counter()
    world = seed(args.people)
    from django.db import connection

    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum gathers them after a bulk load: without them
        # PostgreSQL guesses one row everywhere and the team view's plan takes ~1 s, not ~0.04 s.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    figures: dict[str, object] = {
        "people": args.people,
        "pairs": args.people // 2,
        "sessions": world["sessions"],
        "attendance_rows": world["attendance"],
        "action_items": world["action_items"],
        "seed_s": round(time.perf_counter() - started, 1),
        "manager_reports": access.people_reporting_to(world["director"]).count(),
    }
    lead, director = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    lead.force_login(world["lead"].user)
    director.force_login(world["director"].user)
    pk = world["program"].pk
    for name, client, url in (
        ("program_report", lead, reverse("reports:program", args=[pk])),
        ("csv_export", lead, reverse("reports:program_export", args=[pk])),
        ("team_view", director, reverse("reports:team")),
    ):
        seconds, queries, size = timed(client, url, args.repeat)
        figures[f"{name}_s"] = seconds
        figures[f"{name}_queries"] = queries
        figures[f"{name}_bytes"] = size
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
