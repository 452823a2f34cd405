"""The `peercoach` command line.

    peercoach match PEOPLE.csv --size 2 --rounds 3 --out groups.csv [--seed N]
                   [--history PREVIOUS.csv] [--cross-department | --same-department]
                   [--weight-skill-exchange X ...] [--explain] [--lang nl|en]
    peercoach import ORG_SLUG FILE [--dry-run]

`match` needs no server and no database: it reads the participant file with the same reader as
the web import (so the same errors, with row and column; exit code 2), runs the matching engine
and writes the output format of ``participants-csv.md``. Django is only set up for translations.
`import` runs the `import_participants` management command against the configured database.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["import"]:
        return _import(argv[1:])
    args = _parser().parse_args(argv)
    _setup_django()
    from django.utils import translation

    from peercoach.matching import groups_file

    with translation.override(args.lang or _default_language()):
        try:
            return _match(args)
        except groups_file.InputError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_BAD_INPUT


def _parser() -> argparse.ArgumentParser:
    from peercoach.matching.engine import Weights

    parser = argparse.ArgumentParser(prog="peercoach", description="Peer coaching tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("import", help="import a participant file into an organisation")
    match = commands.add_parser(
        "match", help="form pairs or groups from a participant file (no database needed)"
    )
    match.add_argument("people", type=Path, help="participant file (CSV or XLSX)")
    match.add_argument("--size", type=int, default=2, help="group size, 2 for pairs (2-8)")
    match.add_argument("--rounds", type=_positive, default=1, help="number of rounds to plan")
    match.add_argument("--out", type=Path, required=True, help="where to write the groups CSV")
    match.add_argument("--seed", type=int, default=0)
    match.add_argument(
        "--history", type=Path, help="an earlier output file: rounds already held (no repeats)"
    )
    departments = match.add_mutually_exclusive_group()
    departments.add_argument(
        "--cross-department", action="store_true", help="only match across departments"
    )
    departments.add_argument(
        "--same-department", action="store_true", help="only match within a department"
    )
    match.add_argument(
        "--exclude-reporting-chain",
        action="store_true",
        help="also keep apart anyone in each other's reporting chain, not only direct lines",
    )
    match.add_argument(
        "--exclude-same-manager",
        action="store_true",
        help="keep apart people who report to the same manager",
    )
    for weight in dataclasses.fields(Weights):
        match.add_argument(
            f"--weight-{weight.name.replace('_', '-')}",
            type=float,
            dest=f"weight_{weight.name}",
            metavar="X",
            help=f"weight of {weight.name.replace('_', ' ')} (default depends on --size)",
        )
    match.add_argument("--explain", action="store_true", help="print the reasons per group")
    match.add_argument("--lang", choices=["nl", "en"], help="language of messages and reasons")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peercoach.settings")
    import django

    django.setup()


def _default_language() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


def _import(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peercoach.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["peercoach", "import_participants", *argv])
    return 0


# --- match -----------------------------------------------------------------------------------


def _match(args: argparse.Namespace) -> int:
    from peercoach.matching import groups_file
    from peercoach.matching.engine import Options, Weights, plan_rounds

    fmt = "pairs" if args.size == 2 else "groups"
    try:
        overrides = {
            field.name: getattr(args, f"weight_{field.name}")
            for field in dataclasses.fields(Weights)
            if getattr(args, f"weight_{field.name}") is not None
        }
        weights = dataclasses.replace(Weights.for_format(fmt), **overrides)
        options = Options(
            group_size=args.size,
            cross_department=args.cross_department,
            same_department=args.same_department,
            exclude_reporting_chain=args.exclude_reporting_chain,
            exclude_same_manager=args.exclude_same_manager,
            weights=weights,
        )
    except ValueError as exc:
        raise groups_file.InputError(str(exc)) from None

    people, names = groups_file.read_people(args.people)
    history, role_history = (
        groups_file.read_history(args.history, set(names)) if args.history else ([], {})
    )
    results = plan_rounds(
        people,
        options,
        args.rounds,
        history=history,
        role_history=role_history,
        seed=args.seed,
    )
    groups_file.write_output(args.out, results)
    for result in results:
        line = groups_file.quality_line(result)
        if line:
            print(line, file=sys.stderr)
    if args.explain:
        groups_file.explain(results, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
