"""Time the lead's program health page (at-risk list, pulse figures) on the reports bench's
10,000-person pairs program, with a pulse from everyone at every held session and a re-match
request in one pair of fifty.

Usage: .venv/bin/python bench/health_bench.py [--people 10000] [--repeat 3]
Seeds like bench/reports_bench.py (a fresh SQLite file, or DATABASE_URL), then times
`/health/programs/<id>/` and the program report (which now carries the pulse figures) as the lead
opens them, next to the other lead pages measured in the same run as the reference: the lead's
home page (which shows the at-risk groups too), the program page and the report without the
health figures (`--no-health` leaves them out: the same pages before issue 16's data). Prints one
JSON line: seconds (median of --repeat runs), queries and bytes per page, and each page's time as
a ratio to the program page's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django_setup import start_django  # noqa: E402
from reports_bench import seed, timed  # noqa: E402


def add_health(program) -> dict:

    from django.db.models import OuterRef, Subquery

    from peercoach.coaching.models import Attendance, CoachingSession, SessionStatus
    from peercoach.health.models import MatchFit, Pulse
    from peercoach.programs.models import Group, GroupMember

    present = Attendance.objects.filter(
        session__group__program=program, session__status=SessionStatus.HELD, present=True
    ).values_list("session_id", "person_id")
    pulses = Pulse.objects.bulk_create(
        (
            Pulse(
                session_id=session_id,
                person_id=person_id,
                forward=1 + (session_id + person_id) % 5,
                freely=1 + session_id % 5,
                listened=1 + person_id % 5,
            )
            for session_id, person_id in present.iterator()
        ),
        batch_size=2000,
    )
    starts = CoachingSession.objects.filter(pk=OuterRef("session_id")).values("starts_at")[:1]
    Pulse.objects.update(created_at=Subquery(starts))
    first_members = {}
    for group_id, person_id in GroupMember.objects.filter(
        group__in=Group.objects.filter(program=program)
    ).values_list("group_id", "person_id"):
        first_members.setdefault(group_id, person_id)
    requests = MatchFit.objects.bulk_create(
        MatchFit(group_id=group_id, person_id=person_id, works=False)
        for index, (group_id, person_id) in enumerate(sorted(first_members.items()))
        if index % 50 == 0
    )
    return {"pulses": len(pulses), "rematch_requests": len(requests)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-health", action="store_true", help="no pulses, no re-match requests")
    args = parser.parse_args()
    start_django()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    world = seed(args.people)
    figures: dict[str, object] = {"people": args.people, "sessions": world["sessions"]}
    if not args.no_health:
        figures.update(add_health(world["program"]))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    figures["seed_s"] = round(time.perf_counter() - started, 1)
    lead = Client(HTTP_HOST="localhost")
    lead.force_login(world["lead"].user)
    pk = world["program"].pk
    for name, url in (
        ("program_page", reverse("programs:detail", args=[pk])),
        ("lead_home", reverse("home")),
        ("health_page", reverse("health:program", args=[pk])),
        ("program_report", reverse("reports:program", args=[pk])),
    ):
        seconds, queries, size = timed(lead, url, args.repeat)
        figures[f"{name}_s"] = seconds
        figures[f"{name}_queries"] = queries
        figures[f"{name}_bytes"] = size
    for name in ("lead_home", "health_page", "program_report"):
        figures[f"{name}_x_program_page"] = round(
            figures[f"{name}_s"] / max(figures["program_page_s"], 1e-6), 2
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
