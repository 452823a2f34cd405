"""Queue what is due and make sure a worker sends it. Run it every minute from cron or systemd:

    * * * * *  cd /srv/peercoach && .venv/bin/python manage.py send_due_notifications

or keep it running with `--loop 60`. Any number of runs at once are safe: every message has an
idempotency key, and delivery happens in `manage.py task_worker` processes. With `--loop`, a
database outage is waited out (growing pauses, up to the loop's interval) instead of ending the
process. Once a day the loop also sweeps old operational data (`retention.sweep`).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from peercoach.lib.retry import DATABASE_DOWN, Backoff, bound_network_waits
from peercoach.notifications import outbox, retention, scheduling, tasks


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
        if not loop:
            self.run_once(deliver, options["verbosity"])
            retention.sweep_if_due()
            return
        bound_network_waits()
        backoff = Backoff(ceiling=max(loop, 1.0))
        while True:
            try:
                self.run_once(deliver, options["verbosity"])
                retention.sweep_if_due()
            except DATABASE_DOWN as error:
                backoff.wait_after(error)
                continue
            backoff.reset()
            time.sleep(loop)

    def run_once(self, deliver: bool, verbosity: int) -> None:
        queued = scheduling.queue_due_messages(timezone.now())
        reconciled = outbox.reconcile()
        due = outbox.due_count()
        kicked = tasks.kick_delivery() if due else 0
        sent = outbox.deliver_all(tasks.worker_id()) if deliver else 0
        if verbosity >= 1 and (queued or kicked or sent or reconciled):
            self.stdout.write(
                f"queued {queued} message(s), {due} due, {kicked} delivery task(s) enqueued"
                + (f", {sent} handled here" if deliver else "")
                + (
                    f", {reconciled} perhaps sent (worker stopped while handing over)"
                    if reconciled
                    else ""
                )
            )
