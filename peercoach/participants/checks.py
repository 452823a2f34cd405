"""Checking a participant file's rows: the header, each row, and the references between rows."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from peercoach.lib.text import forbidden_character, forbidden_character_message
from peercoach.participants.file_rows import (
    _number,
)
from peercoach.participants.iso639 import ISO_639_1
from peercoach.participants.records import (
    FIELD_MAX_LENGTHS,
    FIELDS,
    HEADER_ALIASES,
    MAX_EXPERIENCE_YEARS,
    REQUIRED,
    ROLE_VALUES,
    ParticipantRecord,
    Problem,
    ReadResult,
    _FileProblem,
    _validate_email,
)


def _normalise_header(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


@cache
def _time_zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def _split(cell: str, separators: str) -> list[str]:
    if not cell:
        return []
    for separator in separators[1:]:
        cell = cell.replace(separator, separators[0])
    return [item.strip() for item in cell.split(separators[0]) if item.strip()]


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _check(
    rows: Iterator[list[str]],
    separators: str,
    *,
    default_language: str,
    default_time_zone: str,
    known: Collection[str],
) -> ReadResult:
    """The header, then each row, then the references between rows (managers, exclusions,
    reporting loops)."""
    problems: list[Problem] = []
    positions, ignored = _read_header(rows, problems)
    known_lower = {email.strip().lower() for email in known}
    known_managers: dict[str, str] = {}
    if isinstance(known, Mapping):
        known_managers = {
            str(email).strip().lower(): str(manager).strip().lower()
            for email, manager in known.items()
            if manager
        }
    time_zones = _time_zones()
    columns = _Columns(
        positions=positions,
        separators=separators,
        default_language=default_language,
        default_time_zone=time_zones.get(default_time_zone.lower(), default_time_zone),
        time_zones=time_zones,
    )
    records: list[ParticipantRecord] = []
    first_row_of: dict[str, int] = {}
    row_number = 1
    for cells in rows:
        row_number += 1
        if not any(cells) or not any(cell.strip() for cell in cells):
            continue
        records.append(_check_row(columns, cells, row_number, first_row_of, problems))

    if not records:
        raise _FileProblem("no_rows", _("The file has a header row but no people in it."))

    problems.extend(_check_references(records, first_row_of, known_lower))
    problems.extend(_reporting_loops(records, first_row_of, known_managers))
    problems.sort(key=lambda p: (p.row or 0, FIELDS.index(p.column) if p.column in FIELDS else 99))
    return ReadResult(
        records=tuple(records),
        problems=tuple(problems),
        ignored_columns=tuple(ignored),
        columns=tuple(name for name in FIELDS if name in positions),
        rows_read=rows.count,
    )


def _read_header(
    rows: Iterator[list[str]], problems: list[Problem]
) -> tuple[dict[str, int], list[str]]:
    """Where each known column is, and the columns ignored (the first non-blank row names them)."""
    header = next(rows, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(rows, None)
    if header is None:
        raise _FileProblem("empty", _("The file is empty."))

    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, raw in enumerate(header):
        name = HEADER_ALIASES.get(_normalise_header(raw))
        if name is None:
            if raw.strip():
                ignored.append(raw.strip())
        elif name in positions:
            problems.append(
                Problem(
                    1,
                    raw.strip(),
                    "duplicate_column",
                    _("The column “%(column)s” appears more than once.") % {"column": raw.strip()},
                )
            )
        else:
            positions[name] = index
    if not positions:
        raise _FileProblem(
            "no_header",
            _(
                "The first row must name the columns (at least “email” and “name”), but none of "
                "its cells is a known column name."
            ),
        )
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise _FileProblem(
            "missing_column",
            _("The file has no column “%(columns)s”, which is required.")
            % {"columns": "”, “".join(missing)},
            column=", ".join(missing),
        )
    return positions, ignored


@dataclass(frozen=True)
class _Columns:
    """What every row is read with: where each field is, the list separators, the defaults."""

    positions: dict[str, int]
    separators: str
    default_language: str
    default_time_zone: str
    time_zones: dict[str, str]


def _check_row(
    columns: _Columns,
    cells: list[str],
    row_number: int,
    first_row_of: dict[str, int],
    problems: list[Problem],
) -> ParticipantRecord:
    """One row as a record; its problems are added to `problems`, and its email, the first time
    it is seen, to `first_row_of`."""

    def cell(name: str) -> str:
        index = columns.positions.get(name)
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def problem(column: str, code: str, message: str) -> None:
        problems.append(Problem(row_number, column, code, message))

    unfit = set()
    for name in columns.positions:
        value = cell(name)
        # Quoted cells may hold line breaks; every column is shown as a name or a label.
        character = forbidden_character(value, multiline=True, allow_bidi=False)
        if character is not None:
            problem(name, "forbidden_character", forbidden_character_message(character))
            unfit.add(name)
        elif len(value) > FIELD_MAX_LENGTHS.get(name, len(value)):
            problem(
                name,
                "too_long",
                _("This value has %(length)s characters; at most %(limit)s fit.")
                % {"length": _number(len(value)), "limit": _number(FIELD_MAX_LENGTHS[name])},
            )
            unfit.add(name)

    email = cell("email").lower()
    if "email" in unfit:
        pass
    elif not email:
        problem("email", "email_missing", _("The email address is empty."))
    elif not _is_email(email):
        problem(
            "email",
            "email_invalid",
            _("“%(value)s” is not a valid email address.") % {"value": email},
        )
    elif email in first_row_of:
        problem(
            "email",
            "email_duplicate",
            _("The email address %(email)s is already used on row %(row)d.")
            % {"email": email, "row": first_row_of[email]},
        )
    else:
        first_row_of[email] = row_number

    name = cell("name")
    if not name:
        problem("name", "name_missing", _("The name is empty."))

    manager_email = "" if "manager_email" in unfit else cell("manager_email").lower()
    if manager_email and email and manager_email == email:
        problem("manager_email", "own_manager", _("A person cannot be their own manager."))

    languages = []
    for code in _split(cell("languages"), columns.separators):
        normalised = re.split(r"[-_]", code.lower(), maxsplit=1)[0]
        if normalised in ISO_639_1:
            languages.append(normalised)
        else:
            problem(
                "languages",
                "language_unknown",
                _("“%(value)s” is not a known language code (use ISO 639-1, like nl or en).")
                % {"value": code},
            )
    if not languages:
        languages = [columns.default_language]

    time_zone = cell("time_zone")
    if time_zone:
        canonical = columns.time_zones.get(time_zone.lower())
        if canonical is None:
            problem(
                "time_zone",
                "time_zone_unknown",
                _("“%(value)s” is not a known time zone (use a name like Europe/Amsterdam).")
                % {"value": time_zone},
            )
        time_zone = canonical or time_zone
    else:
        time_zone = columns.default_time_zone

    experience_years = None
    experience = cell("experience_years")
    if experience:
        experience_years = _whole_number(experience)
        if experience_years is None or not 0 <= experience_years <= MAX_EXPERIENCE_YEARS:
            experience_years = None
            problem(
                "experience_years",
                "experience_invalid",
                _("“%(value)s” is not a whole number of years from 0 to %(max)d.")
                % {"value": experience, "max": MAX_EXPERIENCE_YEARS},
            )

    role = cell("role_preference").lower()
    role_preference = ROLE_VALUES.get(role or "both")
    if role_preference is None:
        role_preference = "both"
        problem(
            "role_preference",
            "role_invalid",
            _("“%(value)s” is not a role preference; use coach, coachee or both.")
            % {"value": cell("role_preference")},
        )

    exclude = _dedupe(item.lower() for item in _split(cell("exclude"), columns.separators))
    if email and email in exclude:
        problem("exclude", "exclude_self", _("A person cannot exclude themselves."))
        exclude = tuple(item for item in exclude if item != email)

    return ParticipantRecord(
        row=row_number,
        email=email,
        name=name,
        department=cell("department"),
        job_title=cell("job_title"),
        manager_email=manager_email,
        languages=_dedupe(languages),
        time_zone=time_zone,
        skills_offered=_dedupe(_split(cell("skills_offered"), columns.separators)),
        skills_wanted=_dedupe(_split(cell("skills_wanted"), columns.separators)),
        experience_years=experience_years,
        role_preference=role_preference,
        exclude=exclude,
    )


def _check_references(
    records: list[ParticipantRecord], first_row_of: dict[str, int], known_lower: set[str]
) -> list[Problem]:
    """Managers and people to exclude must be in the file or in the organisation."""
    problems: list[Problem] = []
    everyone = known_lower | first_row_of.keys()
    for record in records:
        if record.manager_email and record.manager_email not in everyone:
            problems.append(
                Problem(
                    record.row,
                    "manager_email",
                    "manager_unknown",
                    _("The manager %(email)s is not in this file nor in the organisation.")
                    % {"email": record.manager_email},
                )
            )
        for other in record.exclude:
            if other not in everyone:
                problems.append(
                    Problem(
                        record.row,
                        "exclude",
                        "exclude_unknown",
                        _("%(email)s (to exclude) is not in this file nor in the organisation.")
                        % {"email": other},
                    )
                )
    return problems


def _is_email(value: str) -> bool:
    try:
        _validate_email(value)
    except ValidationError:
        return False
    return True


def _whole_number(text: str) -> int | None:
    text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    if not number.is_integer():
        return None
    return int(number)


def _reporting_loops(
    records: list[ParticipantRecord],
    first_row_of: dict[str, int],
    known_managers: dict[str, str],
) -> list[Problem]:
    """A problem on each file row whose reporting line comes back to itself."""
    manager_of = dict(known_managers)
    for record in records:
        if record.email and first_row_of.get(record.email) == record.row:
            if record.manager_email and record.manager_email != record.email:
                manager_of[record.email] = record.manager_email
            else:
                manager_of.pop(record.email, None)

    state: dict[str, int] = {}  # 1: on the current path, 2: done
    loops: list[list[str]] = []
    for start in manager_of:
        if start in state:
            continue
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            node = manager_of.get(node)
        if node is not None and state.get(node) == 1:
            loops.append(path[path.index(node) :])
        for visited in path:
            state[visited] = 2

    problems = []
    for loop in loops:
        chain = " → ".join([*loop, loop[0]])
        for email in loop:
            row = first_row_of.get(email)
            if row is not None:
                problems.append(
                    Problem(
                        row,
                        "manager_email",
                        "reporting_loop",
                        _("The reporting line loops: %(chain)s.") % {"chain": chain},
                    )
                )
    return problems
