"""Time the participant import: read, plan and apply a file of N people, then a changed re-import.

Usage: .venv/bin/python bench/import_bench.py [--people 10000]
Uses a fresh SQLite file in a temporary folder (or DATABASE_URL when set); prints one JSON line.
The apply is split as the task worker does it: staging the changes (short transactions) and the
one final transaction (`*_final_transaction_s`), the only time other writers wait on SQLite.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django_setup import start_django  # noqa: E402


def participants_csv(count: int, title: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["email", "naam", "afdeling", "functie", "leidinggevende_email", "talen"])
    for i in range(count):
        manager = f"p{i // 20}@bench.example" if i >= 20 else ""
        writer.writerow(
            [f"p{i}@bench.example", f"Person {i}", f"Dept {i % 8}", title, manager, "nl|en"]
        )
    return out.getvalue().encode("utf-8-sig")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()
    start_django()
    from peercoach.organisations.models import Organisation
    from peercoach.participants.importing import (
        apply_import,
        plan_import,
        read_for_organisation,
        stage_changes,
    )

    org = Organisation.objects.create(name="Bench", slug=f"bench-{int(time.time())}")
    figures: dict[str, object] = {"people": args.people}
    for label, title in (("first", "Specialist"), ("reimport_changed", "Senior specialist")):
        data = participants_csv(args.people, title)
        started = time.perf_counter()
        result = read_for_organisation(org, data, "people.csv")
        read_s = time.perf_counter() - started
        plan = plan_import(org, result)
        plan_s = time.perf_counter() - started - read_s
        assert plan.ok, plan.problems[:3]
        staged = stage_changes(org, plan)
        stage_s = time.perf_counter() - started - read_s - plan_s
        apply_import(org, plan, staged=staged)
        total = time.perf_counter() - started
        figures[f"{label}_read_s"] = round(read_s, 2)
        figures[f"{label}_plan_s"] = round(plan_s, 2)
        figures[f"{label}_stage_s"] = round(stage_s, 2)
        figures[f"{label}_final_transaction_s"] = round(total - read_s - plan_s - stage_s, 2)
        figures[f"{label}_total_s"] = round(total, 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
