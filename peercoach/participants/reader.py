"""Read a participant file (``docs/participants-file.md`` in the repository) into checked records.

The one reader behind the web import, the management command and the ``peercoach`` command line,
so a file that works in one works in all. It never raises on bad input: everything wrong with a
file comes back as a `Problem` with its row (as the spreadsheet numbers it: the header is row 1)
and column, in the active language.

Accepted files
    CSV with ``,`` or ``;`` between cells (whichever the header row uses more of), UTF-8 with or
    without a byte-order mark or else Windows-1252, quoted cells with delimiters and line breaks,
    CRLF or LF. XLSX: the first sheet. The old binary ``.xls`` format gets a clear message.

Header names (case-insensitive, surrounding spaces ignored, a space or ``-`` counts as ``_``)
    ========================  ==================================================================
    field                     accepted headers
    ========================  ==================================================================
    ``email``                 email, e-mail, e_mail, emailadres, e-mailadres, mail
    ``name``                  name, naam, full_name, volledige_naam
    ``department``            department, afdeling, team
    ``job_title``             job_title, title, functie, functietitel
    ``manager_email``         manager_email, manager, leidinggevende_email, leidinggevende
    ``languages``             languages, language, talen, taal
    ``time_zone``             time_zone, timezone, tijdzone
    ``skills_offered``        skills_offered, vaardigheden_aangeboden, biedt_aan
    ``skills_wanted``         skills_wanted, vaardigheden_gezocht, wil_leren
    ``experience_years``      experience_years, experience, ervaring_jaren, ervaring, jaren_ervaring
    ``role_preference``       role_preference, role, rolvoorkeur, voorkeursrol
    ``exclude``               exclude, uitsluiten, niet_koppelen_met
    ========================  ==================================================================

List cells (languages, skills, exclude) split on ``|``; in a ``;`` file also on ``,`` and in a
``,`` file also on ``;``. In XLSX there is no delimiter, so all three separate items. Role values
also accept the Dutch ``beide``.

Bounded work
    A file may be crafted to make reading it expensive (an XLSX that declares a million rows, a
    zip member that inflates a thousandfold, a shared string of 200 MB). The limits
    (`IMPORT_MAX_ROWS`, `IMPORT_MAX_COLUMNS`, `IMPORT_MAX_CELL_CHARACTERS` and the XLSX limits
    below) are checked before reading where the file declares its size, and while streaming rows
    where it does not: reading stops at the first row past a limit.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from peercoach.lib.text import forbidden_character, forbidden_character_message
from peercoach.participants.iso639 import ISO_639_1

FIELDS = (
    "email",
    "name",
    "department",
    "job_title",
    "manager_email",
    "languages",
    "time_zone",
    "skills_offered",
    "skills_wanted",
    "experience_years",
    "role_preference",
    "exclude",
)
REQUIRED = ("email", "name")

HEADER_ALIASES: dict[str, str] = {
    alias: name
    for name, aliases in {
        "email": ("email", "e_mail", "emailadres", "e_mailadres", "mail"),
        "name": ("name", "naam", "full_name", "volledige_naam"),
        "department": ("department", "afdeling", "team"),
        "job_title": ("job_title", "title", "functie", "functietitel"),
        "manager_email": ("manager_email", "manager", "leidinggevende_email", "leidinggevende"),
        "languages": ("languages", "language", "talen", "taal"),
        "time_zone": ("time_zone", "timezone", "tijdzone"),
        "skills_offered": ("skills_offered", "vaardigheden_aangeboden", "biedt_aan"),
        "skills_wanted": ("skills_wanted", "vaardigheden_gezocht", "wil_leren"),
        "experience_years": (
            "experience_years",
            "experience",
            "ervaring_jaren",
            "ervaring",
            "jaren_ervaring",
        ),
        "role_preference": ("role_preference", "role", "rolvoorkeur", "voorkeursrol"),
        "exclude": ("exclude", "uitsluiten", "niet_koppelen_met"),
    }.items()
    for alias in aliases
}

ROLE_VALUES = {"coach": "coach", "coachee": "coachee", "both": "both", "beide": "both"}
MAX_EXPERIENCE_YEARS = 100
# The longest value a field may have once read (the Person columns they are stored in).
FIELD_MAX_LENGTHS = {
    "email": 254,
    "name": 200,
    "department": 200,
    "job_title": 200,
    "manager_email": 254,
    "time_zone": 64,
}
# Blank rows read past the row limit before giving up: spreadsheets often end in a few formatted
# but empty rows, which must not make a file of exactly the limit fail.
BLANK_ROWS_PAST_LIMIT = 1_000
SHOWN_IGNORED_COLUMNS = 10

LIMIT_DEFAULTS = {
    "IMPORT_MAX_ROWS": 100_000,
    "IMPORT_MAX_COLUMNS": 60,
    "IMPORT_MAX_CELL_CHARACTERS": 1_000,
    # All members of an XLSX together, inflated; and how much one member may inflate.
    "IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES": 200 * 1024 * 1024,
    "IMPORT_MAX_XLSX_RATIO": 100,
}


def limit(name: str) -> int:
    """A reading limit from the settings (`LIMIT_DEFAULTS` names them)."""
    return int(getattr(settings, name, LIMIT_DEFAULTS[name]))


_validate_email = EmailValidator()


@dataclass(frozen=True)
class ParticipantRecord:
    row: int
    email: str
    name: str
    department: str
    job_title: str
    manager_email: str
    languages: tuple[str, ...]
    time_zone: str
    skills_offered: tuple[str, ...]
    skills_wanted: tuple[str, ...]
    experience_years: int | None
    role_preference: str
    exclude: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    code: str
    message: str


@dataclass(frozen=True)
class ReadResult:
    records: tuple[ParticipantRecord, ...] = ()
    problems: tuple[Problem, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    # The fields the file has a column for: an import only changes those.
    columns: tuple[str, ...] = field(default=())
    # Physical rows taken from the file, blank ones included: the work reading it cost.
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def shown_ignored_columns(self) -> tuple[str, ...]:
        return self.ignored_columns[:SHOWN_IGNORED_COLUMNS]

    @property
    def more_ignored_columns(self) -> int:
        return max(0, len(self.ignored_columns) - SHOWN_IGNORED_COLUMNS)


class _FileProblem(Exception):
    """The whole file is unusable; carries the one message the user gets."""

    def __init__(self, code: str, message: str, column: str | None = None, row: int | None = None):
        super().__init__(message)
        self.problem = Problem(row=row, column=column, code=code, message=message)


def read_participants(
    data: bytes,
    filename: str,
    *,
    default_language: str = "nl",
    default_time_zone: str = "Europe/Amsterdam",
    known_emails: Collection[str] = (),
) -> ReadResult:
    """Parse and check a participant file; never raises on bad input.

    `known_emails` are the people already in the organisation (a `manager_email` or `exclude` may
    name them). When it is a mapping, its values are those people's current manager emails, so a
    reporting loop through people already stored is caught too.
    """
    rows = None
    try:
        raw_rows, separators = _rows(data, filename)
        rows = _BoundedRows(raw_rows)
        return _check(
            rows,
            separators,
            default_language=default_language.lower(),
            default_time_zone=default_time_zone,
            known=known_emails,
        )
    except _FileProblem as exc:
        return ReadResult(problems=(exc.problem,), rows_read=rows.count if rows else 0)


def format_problem(problem: Problem) -> str:
    """A problem as one line of text, as the command-line tools print it."""
    if problem.row is not None and problem.column:
        return _("row %(row)d, column %(column)s: %(message)s") % {
            "row": problem.row,
            "column": problem.column,
            "message": problem.message,
        }
    if problem.column:
        return _("column %(column)s: %(message)s") % {
            "column": problem.column,
            "message": problem.message,
        }
    return problem.message


# --- Turning bytes into rows ---------------------------------------------------------------------


def _rows(data: bytes, filename: str) -> tuple[Iterator[list[str]], str]:
    """The file's rows as lists of strings, and the characters that separate list items."""
    if not data or not data.strip():
        raise _FileProblem("empty", _("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        _check_zip(data)
        return _xlsx_rows(data), "|,;"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _FileProblem(
            "old_excel",
            _(
                "This is an old Excel (.xls) file. Save it as an Excel workbook (.xlsx) or as "
                "CSV and upload that."
            ),
        )
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    other = "," if delimiter == ";" else ";"
    # newline="" semantics: csv handles CR, LF and CRLF itself, also inside quoted cells.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    return _guard_csv(reader, quotes_balanced=text.count('"') % 2 == 0), "|" + other


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raise _not_a_spreadsheet()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_a_spreadsheet() from None


def _guard_csv(reader: Iterator[list[str]], *, quotes_balanced: bool) -> Iterator[list[str]]:
    """The reader's rows; a quote that is never closed, or a cell past the csv module's field
    limit (mostly the same mistake), is a problem naming the row instead of a merged row."""
    row = 0
    last: list[str] = []
    try:
        for last in reader:
            row += 1
            yield last
    except csv.Error as error:
        if not quotes_balanced:
            raise _unclosed_quote(row + 1) from None
        if "field limit" in str(error):
            raise _FileProblem(
                "cell_too_long",
                _("Row %(row)d has a cell longer than %(limit)s characters.")
                % {"row": row + 1, "limit": _number(limit("IMPORT_MAX_CELL_CHARACTERS"))},
                row=row + 1,
            ) from None
        raise _not_a_spreadsheet() from None
    # Without strict parsing, a quote left open takes in the rest of the file as one cell (the
    # last row's): that row then holds a line break and the file an odd number of quotes.
    if not quotes_balanced and any("\n" in cell or "\r" in cell for cell in last):
        raise _unclosed_quote(row)


def _unclosed_quote(row: int) -> _FileProblem:
    return _FileProblem(
        "unclosed_quote",
        _(
            'Row %(row)d: a quote (") is never closed, so the rows after it would be read as '
            "one cell. Close the quote or remove it."
        )
        % {"row": row},
        row=row,
    )


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _check_zip(data: bytes) -> None:
    """Refuse an XLSX whose members would inflate past the limits, before anything is inflated.

    The sizes are the ones the zip declares; Python's zipfile never inflates a member past its
    declared size (it fails on the CRC instead), so they bound the work.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_a_spreadsheet() from None
    total = sum(member.file_size for member in members)
    ratio = max(
        (
            member.file_size / max(member.compress_size, 1)
            for member in members
            if member.file_size > 1024 * 1024
        ),
        default=0,
    )
    if total > limit("IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES") or ratio > limit(
        "IMPORT_MAX_XLSX_RATIO"
    ):
        raise _FileProblem(
            "xlsx_too_large",
            _(
                "This workbook unpacks to %(size)s, more than a participant file needs (at most "
                "%(limit)s). Save only the sheet with the participants, or save it as CSV."
            )
            % {
                "size": filesizeformat(total),
                "limit": filesizeformat(limit("IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES")),
            },
        )


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    # Imported here: openpyxl is only needed for XLSX and takes a moment to import.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign zip
        raise _not_a_spreadsheet() from None
    try:
        if not workbook.worksheets:
            raise _FileProblem("empty", _("The file is empty."))
        sheet = workbook.worksheets[0]
        # openpyxl pads every row to the dimension the sheet declares: check it first, then read
        # only the cells that are really there.
        max_rows = limit("IMPORT_MAX_ROWS") + 1
        if (sheet.max_row or 0) > max_rows + BLANK_ROWS_PAST_LIMIT:
            raise _too_many_rows()
        if (sheet.max_column or 0) > limit("IMPORT_MAX_COLUMNS"):
            raise _too_many_columns(sheet.max_column)
        sheet.reset_dimensions()
        try:
            for values in sheet.iter_rows(
                max_row=max_rows + BLANK_ROWS_PAST_LIMIT + 1, values_only=True
            ):
                yield [_cell_text(value) for value in values]
        except _FileProblem:
            raise
        except Exception:
            raise _not_a_spreadsheet() from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _too_many_rows() -> _FileProblem:
    return _FileProblem(
        "too_many_rows",
        _("The file has more than %(count)s rows; split it into smaller files.")
        % {"count": _number(limit("IMPORT_MAX_ROWS"))},
    )


def _too_many_columns(count: int) -> _FileProblem:
    return _FileProblem(
        "too_many_columns",
        _(
            "The file has %(count)s columns; a participant file has at most %(limit)s. Remove "
            "the columns that are not needed."
        )
        % {"count": _number(count), "limit": _number(limit("IMPORT_MAX_COLUMNS"))},
    )


class _BoundedRows:
    """The file's rows, stopping at the first one past the row, column or cell limits.

    `count` is how many physical rows were taken, so callers (and tests) see the work done.
    """

    def __init__(self, rows: Iterator[list[str]]) -> None:
        self._rows = rows
        self.count = 0
        self._max_rows = limit("IMPORT_MAX_ROWS") + 1
        self._max_columns = limit("IMPORT_MAX_COLUMNS")
        self._max_cell = limit("IMPORT_MAX_CELL_CHARACTERS")
        self._blank_past_limit = 0

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        cells = next(self._rows)
        self.count += 1
        blank = not any(cell.strip() for cell in cells)
        if self.count > self._max_rows:
            self._blank_past_limit += 1
            if not blank or self._blank_past_limit > BLANK_ROWS_PAST_LIMIT:
                raise _too_many_rows()
        if len(cells) > self._max_columns:
            width = max((i + 1 for i, cell in enumerate(cells) if cell.strip()), default=0)
            if width > self._max_columns:
                raise _too_many_columns(width)
            cells = cells[: self._max_columns]
        for index, cell in enumerate(cells):
            if len(cell) > self._max_cell:
                raise _FileProblem(
                    "cell_too_long",
                    _("This cell has %(length)s characters; a cell holds at most %(limit)s.")
                    % {"length": _number(len(cell)), "limit": _number(self._max_cell)},
                    row=self.count,
                    column=_column_name(index),
                )
        return cells


def _column_name(index: int) -> str:
    """The spreadsheet's name of a column: A, B, ... Z, AA, AB, ..."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _not_a_spreadsheet() -> _FileProblem:
    return _FileProblem(
        "not_spreadsheet",
        _("This file is not a spreadsheet. Upload a CSV file or an Excel workbook (.xlsx)."),
    )


# --- Checking rows -------------------------------------------------------------------------------


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
    header = next(rows, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(rows, None)
    if header is None:
        raise _FileProblem("empty", _("The file is empty."))

    positions: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
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

    known_lower = {email.strip().lower() for email in known}
    known_managers: dict[str, str] = {}
    if isinstance(known, Mapping):
        known_managers = {
            str(email).strip().lower(): str(manager).strip().lower()
            for email, manager in known.items()
            if manager
        }
    time_zones = _time_zones()
    default_time_zone = time_zones.get(default_time_zone.lower(), default_time_zone)
    get = {name: index for name, index in positions.items()}

    records: list[ParticipantRecord] = []
    first_row_of: dict[str, int] = {}
    row_number = 1
    for cells in rows:
        row_number += 1
        if not any(cells) or not any(cell.strip() for cell in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            index = get.get(name)
            if index is None or index >= len(cells):
                return ""
            return cells[index].strip()

        def problem(column: str, code: str, message: str, row: int = row_number) -> None:
            problems.append(Problem(row, column, code, message))

        unfit = set()
        for name in positions:
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
        for code in _split(cell("languages"), separators):
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
            languages = [default_language]

        time_zone = cell("time_zone")
        if time_zone:
            canonical = time_zones.get(time_zone.lower())
            if canonical is None:
                problem(
                    "time_zone",
                    "time_zone_unknown",
                    _("“%(value)s” is not a known time zone (use a name like Europe/Amsterdam).")
                    % {"value": time_zone},
                )
            time_zone = canonical or time_zone
        else:
            time_zone = default_time_zone

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

        exclude = _dedupe(item.lower() for item in _split(cell("exclude"), separators))
        if email and email in exclude:
            problem("exclude", "exclude_self", _("A person cannot exclude themselves."))
            exclude = tuple(item for item in exclude if item != email)

        records.append(
            ParticipantRecord(
                row=row_number,
                email=email,
                name=name,
                department=cell("department"),
                job_title=cell("job_title"),
                manager_email=manager_email,
                languages=_dedupe(languages),
                time_zone=time_zone,
                skills_offered=_dedupe(_split(cell("skills_offered"), separators)),
                skills_wanted=_dedupe(_split(cell("skills_wanted"), separators)),
                experience_years=experience_years,
                role_preference=role_preference,
                exclude=exclude,
            )
        )

    if not records:
        raise _FileProblem("no_rows", _("The file has a header row but no people in it."))

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
    problems.extend(_reporting_loops(records, first_row_of, known_managers))
    problems.sort(key=lambda p: (p.row or 0, FIELDS.index(p.column) if p.column in FIELDS else 99))
    return ReadResult(
        records=tuple(records),
        problems=tuple(problems),
        ignored_columns=tuple(ignored),
        columns=tuple(name for name in FIELDS if name in positions),
        rows_read=rows.count,
    )


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
