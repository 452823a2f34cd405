"""Remove old operational data now (see `peercoach.notifications.retention`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from peercoach.notifications import retention


class Command(BaseCommand):
    help = "Remove sent-email details, finished task rows and import uploads past their retention."

    def handle(self, **options) -> None:
        removed = retention.sweep()
        if options["verbosity"] >= 1:
            self.stdout.write(", ".join(f"{name}: {count}" for name, count in removed.items()))
