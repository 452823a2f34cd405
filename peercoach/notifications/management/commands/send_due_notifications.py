"""Queue what is due and make sure a worker sends it. Run it every minute from cron or systemd:

    * * * * *  cd /srv/peercoach && .venv/bin/python manage.py send_due_notifications

or keep it running with `--loop 60`. Any number of runs at once are safe: every message has an
idempotency key, and delivery happens in `manage.py db_worker` processes.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from peercoach.notifications import outbox, scheduling, tasks


class Command(BaseCommand):
    help = "Queue due reminders, check-ins and nudges, and enqueue delivery for the task worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", type=float, default=0, help="Repeat every N seconds.")
        parser.add_argument(
            "--deliver",
            action="store_true",
            help="Also send in this process (for setups without a task worker).",
        )

    def handle(self, *, loop: float, deliver: bool, **options) -> None:
        while True:
            queued = scheduling.queue_due_messages(timezone.now())
            due = outbox.due_count()
            kicked = tasks.kick_delivery() if due else 0
            sent = outbox.deliver_all(tasks.worker_id()) if deliver else 0
            if options["verbosity"] >= 1 and (queued or kicked or sent):
                self.stdout.write(
                    f"queued {queued} message(s), {due} due, {kicked} delivery task(s) enqueued"
                    + (f", {sent} handled here" if deliver else "")
                )
            if not loop:
                return
            time.sleep(loop)
