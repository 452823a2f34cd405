"""10,000 due session reminders dispatched by two task workers to a local SMTP sink.

Usage: .venv/bin/python bench/notifications_bench.py [--reminders 10000] [--workers 2]
       [--database-url URL]
Uses a fresh SQLite file in a temporary folder unless --database-url is given (e.g. an empty
PostgreSQL database). Seeds pairs with a session starting in 30 minutes, queues the due reminders
with the scheduler, then starts `manage.py db_worker --batch` processes that send through Django's
SMTP backend to an aiosmtpd sink in this process. Prints one JSON line: seconds to queue, seconds
from starting the workers until all have exited (process start-up included), messages sent,
duplicates (same Message-ID received twice) and losses (due but never received); both must be 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seed(pairs: int) -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    from peercoach.coaching.models import CoachingSession
    from peercoach.organisations.models import Organisation, Person
    from peercoach.programs.models import Group, GroupMember, Program, ProgramStatus

    org = Organisation.objects.create(name="Bench", slug="bench", default_language="nl")
    program = Program.objects.create(
        organisation=org,
        name="Bench",
        format="pairs",
        starts_on=date.today() - timedelta(days=10),
        ends_on=date.today() + timedelta(days=100),
        status=ProgramStatus.RUNNING,
    )
    people = Person.objects.bulk_create(
        Person(
            organisation=org,
            name=f"Person {i}",
            email=f"person{i}@bench.example",
            preferred_language="nl" if i % 2 else "en",
        )
        for i in range(2 * pairs)
    )
    groups = Group.objects.bulk_create(
        Group(program=program, name=f"Pair {i}") for i in range(pairs)
    )
    GroupMember.objects.bulk_create(
        GroupMember(group=groups[i // 2], person=person) for i, person in enumerate(people)
    )
    # bulk_create sends no post_save: no invitations, only the reminders are measured.
    starts = timezone.now() + timedelta(minutes=30)
    CoachingSession.objects.bulk_create(
        CoachingSession(group=group, starts_at=starts, location="Room 1") for group in groups
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="peercoach-notifications-bench-")
    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "peercoach.settings"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from peercoach.notifications import mime, scheduling, tasks
    from peercoach.notifications.models import OutgoingMessage, Status
    from peercoach.notifications.smtp_sink import SmtpSink

    call_command("migrate", verbosity=0)
    seed(args.reminders // 2)
    started = time.perf_counter()
    queued = scheduling.queue_due_messages()
    queue_seconds = time.perf_counter() - started
    keys = list(OutgoingMessage.objects.values_list("idempotency_key", flat=True))
    tasks.kick_delivery(args.workers)
    connection.close()

    with SmtpSink() as sink:
        env = {
            **os.environ,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
        }
        started = time.perf_counter()
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--batch",
                    "--no-startup-delay",
                    "--no-reload",
                    "--worker-id",
                    f"bench-{n}",
                    "-v0",
                ],
                cwd=ROOT,
                env=env,
            )
            for n in range(args.workers)
        ]
        codes = [worker.wait() for worker in workers]
        dispatch_seconds = time.perf_counter() - started
        received = [message["Message-ID"] for message in sink.messages]

    expected = {mime.message_id_for(key) for key in keys}
    sent = OutgoingMessage.objects.filter(status=Status.SENT).count()
    by_worker = {}
    for claimed_by in OutgoingMessage.objects.values_list("claimed_by", flat=True):
        worker = claimed_by.rsplit(":", 1)[0]
        by_worker[worker] = by_worker.get(worker, 0) + 1
    print(
        json.dumps(
            {
                "bench": "notifications",
                "database": connection.vendor,
                "reminders_queued": queued,
                "queue_seconds": round(queue_seconds, 2),
                "workers": args.workers,
                "dispatch_seconds": round(dispatch_seconds, 2),
                "sent": sent,
                "received": len(received),
                "duplicates": len(received) - len(set(received)),
                "losses": len(expected - set(received)),
                "per_worker": by_worker,
                "worker_exit_codes": codes,
            }
        )
    )


if __name__ == "__main__":
    main()
