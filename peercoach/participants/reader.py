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

from collections.abc import Collection

from django.utils.translation import gettext as _

from peercoach.participants.checks import (
    _check,
)
from peercoach.participants.file_rows import (
    _BoundedRows,
    _rows,
)
from peercoach.participants.records import (
    FIELDS,
    ParticipantRecord,
    Problem,
    ReadResult,
    _FileProblem,
    limit,
)

__all__ = [
    "FIELDS",
    "ParticipantRecord",
    "Problem",
    "ReadResult",
    "format_problem",
    "limit",
    "read_participants",
]


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
