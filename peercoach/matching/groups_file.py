"""The matching files of ``participants-csv.md`` for the command line.

Reads a participant file into the engine's people (with the import's reader, so the same
errors), reads an earlier groups file as history, writes the groups file and explains it.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from django.utils.translation import gettext as _

from peercoach.matching.engine import Person, RoundResult
from peercoach.matching.reasons import render_reason
from peercoach.participants.reader import format_problem, read_participants

OUTPUT_COLUMNS = ("round", "group", "email", "role", "score", "reasons")


class InputError(Exception):
    """Bad input: the message is for the user, as is."""


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None


def read_people(path: Path) -> tuple[list[Person], dict[str, str]]:
    result = read_participants(read_bytes(path), path.name)
    if not result.ok:
        lines = [f"{path}: {format_problem(problem)}" for problem in result.problems]
        lines.append(
            _("%(count)d problem(s) in %(path)s; nothing was matched.")
            % {"count": len(result.problems), "path": path}
        )
        raise InputError("\n".join(lines))
    people = [
        Person(
            id=record.email,
            name=record.name,
            department=record.department,
            manager_id=record.manager_email or None,
            languages=frozenset(record.languages),
            time_zone=record.time_zone,
            skills_offered=frozenset(skill.lower() for skill in record.skills_offered),
            skills_wanted=frozenset(skill.lower() for skill in record.skills_wanted),
            experience_years=record.experience_years,
            role_preference=record.role_preference,
            exclude=frozenset(record.exclude),
        )
        for record in result.records
    ]
    return people, {record.email: record.name for record in result.records}


def read_history(
    path: Path, known: set[str]
) -> tuple[list[list[list[str]]], dict[str, dict[str, int]]]:
    """Earlier rounds from an output file: groups per round, and how often each held each role."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = {(name or "").strip().lower() for name in reader.fieldnames or ()}
    missing = [name for name in ("round", "group", "email") if name not in header]
    if missing:
        raise InputError(
            f"{path}: "
            + _("The file has no column “%(columns)s”, which is required.")
            % {"columns": "”, “".join(missing)}
        )

    groups: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    roles: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors = []
    for number, row in enumerate(reader, start=2):
        row = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items()}
        if not any(row.values()) or not row["group"]:
            continue  # blank, or someone unplaced that round
        try:
            round_number = int(row["round"])
        except ValueError:
            errors.append(
                f"{path}: "
                + _("row %(row)d, column %(column)s: %(message)s")
                % {
                    "row": number,
                    "column": "round",
                    "message": _("“%(value)s” is not a round number.") % {"value": row["round"]},
                }
            )
            continue
        email = row["email"].lower()
        if email not in known:
            continue  # someone who has left since: their pairings no longer matter
        groups[round_number][row["group"]].append(email)
        if row.get("role"):
            roles[email][row["role"]] += 1
    if errors:
        raise InputError("\n".join(errors))
    history = [list(groups[number].values()) for number in sorted(groups)]
    return history, {email: dict(held) for email, held in roles.items()}


def write_output(path: Path, results: list[RoundResult]) -> None:
    rows = []
    for result in results:
        for number, group in enumerate(result.groups, start=1):
            reasons = "|".join(render_reason(reason) for reason in group.reasons)
            for member in group.members:
                rows.append(
                    (
                        result.number,
                        number,
                        member,
                        group.roles.get(member, ""),
                        f"{group.score:.3f}",
                        reasons,
                    )
                )
        for unplaced in result.unplaced:
            rows.append(
                (result.number, "", unplaced.person_id, "", "", render_reason(unplaced.reason))
            )
    try:
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(OUTPUT_COLUMNS)
            writer.writerows(rows)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from None


def quality_line(result: RoundResult) -> str | None:
    """The line "within x % of the best possible" for a round of pairs with a bound."""
    share = result.share_of_best
    if share is None:
        return None
    return _(
        "Round %(number)d: within %(gap).1f %% of the best possible pairing "
        "(weight %(weight).1f; no pairing of these people can exceed %(bound).1f)."
    ) % {
        "number": result.number,
        "gap": 100 * (1 - share),
        "weight": result.pair_weight,
        "bound": result.upper_bound,
    }


def explain(results: list[RoundResult], names: dict[str, str]) -> None:
    for result in results:
        print(_("Round %(number)d") % {"number": result.number})
        line = quality_line(result)
        if line:
            print("  " + line)
        for number, group in enumerate(result.groups, start=1):
            members = ", ".join(
                f"{names.get(m, m)} ({group.roles.get(m, '')})" for m in group.members
            )
            print(
                "  "
                + _("Group %(number)d (score %(score).2f): %(members)s")
                % {"number": number, "score": group.score, "members": members}
            )
            for reason in group.reasons:
                print(f"    - {render_reason(reason)}")
        for unplaced in result.unplaced:
            print(
                "  "
                + _("Not placed: %(name)s: %(reason)s")
                % {
                    "name": names.get(unplaced.person_id, unplaced.person_id),
                    "reason": render_reason(unplaced.reason),
                }
            )
        if result.repeats:
            print(
                "  "
                + _("%(count)d pairing(s) repeat an earlier round; there was no other option.")
                % {"count": result.repeats}
            )
