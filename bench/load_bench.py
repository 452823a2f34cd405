"""Load: many signed-in members reading and writing at once, with a large import in the worker.

Usage: .venv/bin/python bench/load_bench.py [--seconds 60] [--users 200] [--import-rows 5000]
       [--database-url postgres://postgres@127.0.0.1:5432/peercoach_load_bench] [--port 8300]

Starts gunicorn with 4 workers and one `task_worker` on a fresh SQLite file in a temporary folder
(or on --database-url, created if missing), seeds an organisation of `--users` members in groups
of four with a session that has begun and a goal each, and signs them in. Then, for `--seconds`,
every member reads pages (home, their session, their goals) and writes as the forms do (a session
entry, a goal progress note, their own attendance), one request after another, 200 at once;
meanwhile a lead uploads and confirms a participant file of `--import-rows` rows, which the task
worker imports. Afterwards every write the server acknowledged (its redirect) is looked up in the
database. Prints one JSON line: requests, p50/p95 per kind, 5xx, errors, lost writes, the import.

The HTTP client is the standard library's (one keep-alive connection per member, in threads):
the server is the bottleneck here, not the client.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from demo_server import Browser, gunicorn  # noqa: E402
from import_bench import participants_csv  # noqa: E402

UPLOAD_FIELD = re.compile(r'name="upload" value="(\d+)"')
READS = ("home", "session_page", "goals_page")
WRITES = ("entry", "progress", "attendance")


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def seed(users: int, run: str):
    """An organisation of `users` members in groups of four, each with a begun session and a
    goal, and a lead who imports. Returns the members' cookies, the lead's and the ids."""
    from datetime import date, timedelta

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from peercoach.coaching.models import CoachingSession
    from peercoach.growth.models import Goal
    from peercoach.organisations.models import Organisation, Person, Role
    from peercoach.programs.models import Enrolment, Group, GroupMember, Program

    org = Organisation.objects.create(name="Load", slug=f"load-{run}", default_language="en")
    program = Program.objects.create(
        organisation=org,
        name="Load program",
        starts_on=date.today() - timedelta(days=30),
        ends_on=date.today() + timedelta(days=120),
        group_size=4,
    )
    User = get_user_model()  # noqa: N806

    def person(name: str, role: str = Role.PARTICIPANT) -> Person:
        email = f"{name.lower().replace(' ', '.')}.{run}@load.example"
        user = User.objects.create_user(username=email, email=email, password=None)
        return Person.objects.create(
            organisation=org, user=user, email=email, name=name, role=role, languages=["en"]
        )

    lead = person("Lead", Role.LEAD)
    program.leads.add(lead)
    members = []
    for start in range(0, users, 4):
        group = Group.objects.create(program=program, name=f"Group {start // 4 + 1}")
        session = CoachingSession.objects.create(
            group=group, starts_at=timezone.now() - timedelta(minutes=30), location="Room 1"
        )
        for n in range(start, min(start + 4, users)):
            member = person(f"Member {n}")
            Enrolment.objects.create(program=program, person=member)
            GroupMember.objects.create(group=group, person=member)
            goal = Goal.objects.create(owner=member, group=group, what=f"Goal of member {n}")
            members.append({"person": member.pk, "session": session.pk, "goal": goal.pk})

    def cookies(person_pk: int) -> dict[str, str]:
        client = Client()
        client.force_login(Person.objects.get(pk=person_pk).user)
        return {"sessionid": client.cookies["sessionid"].value}

    for member in members:
        member["cookies"] = cookies(member["person"])
    return org.pk, members, cookies(lead.pk)


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[int, int] = defaultdict(int)
        self.errors: list[str] = []
        self.unexpected: list[tuple[str, int]] = []
        self.entries: set[str] = set()
        self.notes: set[str] = set()
        self.attendance: dict[tuple[int, int], bool] = {}

    def record(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.seconds[kind].append(seconds)
            self.statuses[status] += 1


def member_loop(port: int, member: dict, deadline: float, results: Results, seed_: int) -> None:
    rng = random.Random(seed_)
    browser = Browser(port, member["cookies"])
    session_path = f"/sessions/{member['session']}/"
    goal_path = f"/growth/goals/{member['goal']}/"
    present = None  # what this member last saw of their own attendance
    count = 0
    while time.monotonic() < deadline:
        count += 1
        kind = rng.choices([*READS, *WRITES], weights=[2, 3, 2, 1, 1, 1])[0]
        marker = f"load-{member['person']}-{count}"
        started = time.perf_counter()
        try:
            if kind == "home":
                status, _, _ = browser.get("/")
            elif kind == "session_page":
                status, _, _ = browser.get(session_path)
            elif kind == "goals_page":
                status, _, _ = browser.get(goal_path)
            else:
                if not browser.csrf:
                    browser.get(session_path)
                    started = time.perf_counter()
                if kind == "entry":
                    fields = [("section", "win"), ("text", marker)]
                    status, location, _ = browser.post(f"{session_path}entries/", fields)
                    if status == 302:
                        with results.lock:
                            results.entries.add(marker)
                elif kind == "progress":
                    fields = [("note", marker), ("recorded_on", time.strftime("%Y-%m-%d"))]
                    status, location, _ = browser.post(f"{goal_path}progress/", fields)
                    if status == 302:
                        with results.lock:
                            results.notes.add(marker)
                else:
                    wanted = not present
                    pk = str(member["person"])
                    fields = [("roll", pk)]
                    if present is not None:
                        fields.append(("seen", pk))
                        if present:
                            fields.append(("seen_present", pk))
                    if wanted:
                        fields.append(("present", pk))
                    status, location, _ = browser.post(f"{session_path}attendance/", fields)
                    if status == 302:
                        present = wanted
                        with results.lock:
                            results.attendance[(member["session"], member["person"])] = wanted
        except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
            with results.lock:
                results.errors.append(f"{kind}: {type(error).__name__}: {error}"[:200])
            time.sleep(0.5)
            continue
        results.record(kind, time.perf_counter() - started, status)
        expected = 302 if kind in WRITES else 200
        if status != expected:
            with results.lock:
                results.unexpected.append((kind, status))


def run_import(port: int, cookies: dict[str, str], rows: int, run: str, out: dict) -> None:
    """The lead uploads and confirms a large participant file; the task worker imports it."""
    browser = Browser(port, cookies)
    data = participants_csv(rows, "Specialist").replace(
        b"@bench.example", f".{run}@import.example".encode()
    )
    started = time.perf_counter()
    browser.get("/import/")
    status, location, _ = browser.post_file("/import/", "file", "people.csv", data)
    out["upload_status"] = status
    status, _, content = browser.get("/import/preview/")
    found = UPLOAD_FIELD.search(content.decode())
    if not found:
        out["error"] = f"no preview ({status})"
        return
    status, location, _ = browser.post("/import/confirm/", [("upload", found.group(1))])
    out["confirm_status"] = status
    out["confirm_location"] = location
    out["request_s"] = round(time.perf_counter() - started, 2)
    out["upload_id"] = int(found.group(1))


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--database-url")
    parser.add_argument("--port", type=int, default=8300)
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    folder = tempfile.mkdtemp(prefix="peercoach-load-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    ensure_database(url)
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="peercoach.settings", LOG_LEVEL="WARNING"
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from peercoach.coaching.models import Attendance, Entry
    from peercoach.growth.models import ProgressUpdate
    from peercoach.organisations.models import Person
    from peercoach.participants.models import ImportUpload

    call_command("migrate", verbosity=0)
    org_pk, members, lead_cookies = seed(args.users, run)
    connection.close()

    env = {
        **os.environ,
        "DEBUG": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    worker_cmd = [sys.executable, "manage.py", "task_worker", "--no-reload", "--interval", "0.5"]
    log = open(Path(folder) / "server.log", "w")  # noqa: SIM115 - closed at the end
    servers = [subprocess.Popen(worker_cmd, cwd=ROOT, env=env, stdout=log, stderr=log)]
    results = Results()
    imported: dict = {}
    try:
        servers.append(gunicorn(args.port, args.gunicorn_workers, env, log))
        warm_up(args.port, members[: args.gunicorn_workers * 4])
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=member_loop, args=(args.port, member, deadline, results, n), daemon=True
            )
            for n, member in enumerate(members)
        ]
        importer = threading.Thread(
            target=run_import, args=(args.port, lead_cookies, args.import_rows, run, imported)
        )
        started = time.perf_counter()
        importer.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        importer.join()
        upload = None
        while imported.get("upload_id"):
            upload = ImportUpload.objects.get(pk=imported["upload_id"])
            if not upload.in_progress or time.perf_counter() - started > args.seconds + 600:
                break
            connection.close()
            time.sleep(1)
        import_s = round(time.perf_counter() - started, 1)
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            process.wait(timeout=30)
        log.close()

    stored_entries = set(
        Entry.objects.filter(text__in=results.entries).values_list("text", flat=True)
    )
    stored_notes = set(
        ProgressUpdate.objects.filter(note__in=results.notes).values_list("note", flat=True)
    )
    marks = {
        (session, person): present
        for session, person, present in Attendance.objects.filter(
            session__group__program__organisation_id=org_pk
        ).values_list("session_id", "person_id", "present")
    }
    lost_attendance = [key for key, value in results.attendance.items() if marks.get(key) != value]
    imported_people = Person.objects.filter(
        organisation_id=org_pk, email__endswith=f".{run}@import.example"
    ).count()
    server_log = (Path(folder) / "server.log").read_text()
    figures = {
        "database": connection.vendor,
        "users": args.users,
        "seconds": round(elapsed, 1),
        "requests": sum(len(v) for v in results.seconds.values()),
        "requests_per_s": round(sum(len(v) for v in results.seconds.values()) / elapsed, 1),
        "per_kind": {
            kind: {
                "n": len(values),
                "p50_ms": round(statistics.median(values) * 1000),
                "p95_ms": round(percentile(values, 0.95) * 1000),
            }
            for kind, values in sorted(results.seconds.items())
        },
        "status_5xx": sum(n for status, n in results.statuses.items() if status >= 500),
        "statuses": dict(sorted(results.statuses.items())),
        "unexpected": len(results.unexpected),
        "client_errors": len(results.errors),
        "acknowledged_writes": len(results.entries) + len(results.notes) + len(results.attendance),
        "lost_writes": (
            len(results.entries - stored_entries)
            + len(results.notes - stored_notes)
            + len(lost_attendance)
        ),
        "database_is_locked": server_log.count("database is locked"),
        "import": {
            "rows": args.import_rows,
            **imported,
            "status": upload.status if upload else None,
            "people_imported": imported_people,
            "done_after_s": import_s,
        },
    }
    if results.errors:
        figures["first_errors"] = results.errors[:3]
    if results.unexpected:
        figures["first_unexpected"] = results.unexpected[:5]
    print(json.dumps(figures))


def warm_up(port: int, members: list[dict]) -> None:
    """Each gunicorn worker renders the pages once before the clock starts (imports, templates
    and catalogues load on first use)."""

    def visit(member: dict) -> None:
        browser = Browser(port, member["cookies"])
        for path in ("/", f"/sessions/{member['session']}/", f"/growth/goals/{member['goal']}/"):
            browser.get(path)

    threads = [threading.Thread(target=visit, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
