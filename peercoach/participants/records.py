"""What a participant file reads into: its fields and limits, records and problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.validators import EmailValidator

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

# The reading limits, declared in settings.py: rows, columns, characters per cell, all members of
# an XLSX together inflated, and how much one member may inflate.
LIMITS = (
    "IMPORT_MAX_ROWS",
    "IMPORT_MAX_COLUMNS",
    "IMPORT_MAX_CELL_CHARACTERS",
    "IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES",
    "IMPORT_MAX_XLSX_RATIO",
)


def limit(name: str) -> int:
    """A reading limit from the settings (`LIMITS` names them)."""
    assert name in LIMITS, name
    return int(getattr(settings, name))


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
