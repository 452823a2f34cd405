"""`manage.py db_worker` (django-tasks-db) that survives the database going away.

django-tasks-db's worker exits on the first connection error. This one closes its connections,
waits (0.5 s, 1 s, 2 s, … up to 30 s) and carries on with the same options. A task cut off by the
outage is left to the outbox's leases (its claimed messages are taken by a later run), so nothing
is lost or sent twice. Production runs it under a supervisor that restarts it anyway.
"""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker

from peercoach.lib.retry import DATABASE_DOWN, Backoff, bound_network_waits


class ResilientWorker(db_worker.Worker):
    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.backoff = Backoff()

    def run(self) -> None:
        while self.running:
            try:
                return super().run()
            except DATABASE_DOWN as error:
                self.running_task = False
                self.backoff.wait_after(error)
                self.startup_delay = False

    def run_task(self, db_task_result) -> None:
        self.backoff.reset()  # the database answered: the next outage starts at 0.5 s again
        super().run_task(db_task_result)


class Command(db_worker.Command):
    help = "Run the task worker; waits out database outages instead of exiting."

    def handle(self, *args, **options) -> None:
        # The parent's handle() builds `db_worker.Worker` from the parsed options; swapping the
        # class keeps every option and its validation without copying that code.
        bound_network_waits()
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
