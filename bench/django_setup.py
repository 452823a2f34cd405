"""Shared start of the benchmarks that need the app: a fresh database, migrated."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def start_django() -> None:
    """Point Django at DATABASE_URL, or at a new SQLite file in a temporary folder, and migrate."""
    folder = tempfile.mkdtemp(prefix="peercoach-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "peercoach.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
