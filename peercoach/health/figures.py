"""What the lead sees of a program's health: the at-risk list and the pulse figures.

Both run a fixed number of queries whatever the program's size (tests/health/test_query_counts.py).
Who may see them is checked by the views (`access.get_program_to_run`); the privacy rules of what
they contain are in `peercoach.access.health`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from peercoach import access
from peercoach.coaching import rhythm
from peercoach.coaching.models import SessionStatus
from peercoach.health.models import STATEMENTS, Absence, AbsenceKind, Pulse, SurveyAnswer
from peercoach.organisations.models import Person
from peercoach.programs import kept_figures
from peercoach.programs.models import EnrolmentStatus, Format, Group, GroupMember, Program

# A group's pulse counts as low when the mean of all its scores over its last two sessions with
# pulses is below this (on 1–5). Shown to the lead as a flag, never as a figure.
LOW_PULSE = 2.5
PULSE_LOOKBACK = timedelta(days=120)
WITHDRAWN_SHOWN_FOR = timedelta(days=60)


class Reason:
    IDLE = "idle"
    REMATCH = "rematch"
    LOW_PULSE = "low_pulse"
    WITHDRAWN = "withdrawn"
    PAUSED = "paused"


REASON_TEXT = {
    Reason.IDLE: _("Has not met for two cadence periods and has nothing planned."),
    Reason.REMATCH: _("Asks for a re-match."),
    Reason.LOW_PULSE: _("Their sessions went less well lately."),
    Reason.WITHDRAWN: _("Someone withdrew from the program."),
    Reason.PAUSED: _("Someone is taking a break."),
}
PAIR_REMATCH_TEXT = _("The pair asks for a re-match.")

SUGGESTION_TEXT = {
    Reason.REMATCH: _("Re-match them."),
    Reason.WITHDRAWN: _("Add someone to the group or re-match it."),
    Reason.IDLE: _("Remind them to plan a session."),
    Reason.LOW_PULSE: _("Talk with the group about how it goes."),
    Reason.PAUSED: _("Nothing to do: they come back after their break."),
}
# A pairs program's people have a partner, not a group (issue 11): its texts say so.
PAIR_SUGGESTION_TEXT = {
    **SUGGESTION_TEXT,
    Reason.WITHDRAWN: _("Find a new partner or re-match the pair."),
    Reason.LOW_PULSE: _("Talk with the pair about how it goes."),
}
SUGGESTION_ORDER = [Reason.REMATCH, Reason.WITHDRAWN, Reason.IDLE, Reason.LOW_PULSE, Reason.PAUSED]


@dataclass
class GroupAtRisk:
    group: Group
    reasons: list[str] = field(default_factory=list)
    partners: str = ""  # a pair's names ("Mia & Finn"), which name it better than its group name

    @property
    def is_pair(self) -> bool:
        return self.group.program.format == Format.PAIRS

    @property
    def name(self) -> str:
        return self.partners or self.group.name

    @property
    def texts(self) -> list[str]:
        return [
            PAIR_REMATCH_TEXT if reason == Reason.REMATCH and self.is_pair else REASON_TEXT[reason]
            for reason in self.reasons
        ]

    @property
    def suggestion(self) -> str:
        first = next(reason for reason in SUGGESTION_ORDER if reason in self.reasons)
        return (PAIR_SUGGESTION_TEXT if self.is_pair else SUGGESTION_TEXT)[first]

    @property
    def may_rematch(self) -> bool:
        return Reason.REMATCH in self.reasons or Reason.WITHDRAWN in self.reasons


@dataclass
class AtRisk:
    groups: list[GroupAtRisk]
    unplaced: list[Person]
    withdrawn: list[Absence]
    paused: list[Absence]

    def __bool__(self) -> bool:
        return bool(self.groups or self.unplaced or self.withdrawn)


def low_pulse_group_ids(program: Program, now: datetime) -> set[int]:
    """Groups whose last two sessions with pulses scored low on average (one query)."""
    per_session = (
        Pulse.objects.filter(
            session__group__program=program,
            session__status=SessionStatus.HELD,
            session__starts_at__gte=now - PULSE_LOOKBACK,
        )
        .values("session_id", "session__group_id", "session__starts_at")
        .annotate(total=Avg("forward") + Avg("freely") + Avg("listened"), answers=Count("pk"))
        .order_by("session__group_id", "-session__starts_at")
        # Grouped per session still; only these columns come back (no datetime per row to
        # convert: 12,000 sessions at 10,000 people).
        .values_list("session__group_id", "total", "answers")
    )
    latest: dict[int, list[tuple[float, int]]] = {}
    for group_id, total, answers in per_session:
        kept = latest.setdefault(group_id, [])
        if len(kept) < 2:
            kept.append((total / 3, answers))
    low = set()
    for group_id, sessions in latest.items():
        if len(sessions) == 2:
            answers = sum(n for _mean, n in sessions)
            mean = sum(m * n for m, n in sessions) / answers
            if mean < LOW_PULSE:
                low.add(group_id)
    return low


def _partner_names(group_ids: list[int]) -> dict[int, str]:
    """Each pair's published members' names, "Mia & Finn" (one query)."""
    names: dict[int, list[str]] = {}
    for group_id, name in (
        GroupMember.objects.filter(access.PUBLISHED_MEMBERSHIP, group_id__in=group_ids)
        .order_by("person__name")
        .values_list("group_id", "person__name")
    ):
        names.setdefault(group_id, []).append(name)
    return {group_id: " & ".join(found) for group_id, found in names.items()}


def at_risk(program: Program, now: datetime | None = None) -> AtRisk:
    now = now or timezone.now()
    today = timezone.localdate(now)
    flagged: dict[int, list[str]] = {}

    def flag(group_id: int, reason: str) -> None:
        reasons = flagged.setdefault(group_id, [])
        if reason not in reasons:
            reasons.append(reason)

    for group_id in access.rematch_requested(program):
        flag(group_id, Reason.REMATCH)
    for group_id in rhythm.idle_group_ids(now, program.pk):
        flag(group_id, Reason.IDLE)
    for group_id in low_pulse_group_ids(program, now):
        flag(group_id, Reason.LOW_PULSE)
    absences = list(
        Absence.objects.filter(program=program)
        .filter(
            Q(kind=AbsenceKind.WITHDRAWAL, created_at__gte=now - WITHDRAWN_SHOWN_FOR)
            | Q(kind=AbsenceKind.PAUSE, starts_on__lte=today, ends_on__gte=today)
        )
        .select_related("person")
    )
    withdrawn = [a for a in absences if a.kind == AbsenceKind.WITHDRAWAL]
    paused = [a for a in absences if a.kind == AbsenceKind.PAUSE]
    for absence in withdrawn:
        if absence.group_id:
            flag(absence.group_id, Reason.WITHDRAWN)
    paused_ids = {a.person_id for a in paused}
    if paused_ids:
        for group_id in (
            GroupMember.objects.filter(access.PUBLISHED_MEMBERSHIP, person_id__in=paused_ids)
            .filter(group__program=program)
            .values_list("group_id", flat=True)
        ):
            flag(group_id, Reason.PAUSED)
    groups = Group.objects.filter(pk__in=list(flagged), program=program).select_related("program")
    # NOT IN one subquery: a correlated EXISTS per enrolled person took a second on SQLite at
    # 2,000 people.
    placed = GroupMember.objects.filter(
        access.PUBLISHED_MEMBERSHIP, group__program_id=program.pk
    ).values("person_id")
    unplaced = list(
        Person.objects.filter(
            enrolments__program=program,
            enrolments__status=EnrolmentStatus.ACTIVE,
            is_active=True,
        )
        .exclude(pk__in=paused_ids)
        .exclude(pk__in=placed)
        .order_by("name")
    )
    entries = [GroupAtRisk(group, flagged[group.pk]) for group in groups]
    if program.format == Format.PAIRS and entries:
        names = _partner_names([entry.group.pk for entry in entries])
        for entry in entries:
            entry.partners = names.get(entry.group.pk, "")
    return AtRisk(
        groups=entries,
        unplaced=unplaced,
        withdrawn=withdrawn,
        paused=paused,
    )


@dataclass
class MonthFigures:
    month: date
    people: int
    shown: bool
    means: list[tuple[str, float | None]]


def closed_months_start(now: datetime) -> datetime:
    """The start of the current calendar month: every answer before it is in a closed month."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _months(first: date, before: datetime) -> list[tuple[datetime, datetime]]:
    """(start, end) of every calendar month from the one holding `first` up to `before`."""
    tz = timezone.get_current_timezone()
    start = datetime(first.year, first.month, 1, tzinfo=tz)
    months = []
    while start < before:
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        end = datetime(year, month, 1, tzinfo=tz)
        months.append((start, end))
        start = end
    return months


def pulse_figures(program: Program, now: datetime | None = None) -> list[MonthFigures]:
    """Pulse averages per calendar month that ended, each only from `REPORTS_MINIMUM_GROUP`
    people (one query, conditional aggregates per month: no per-row date function). The open
    month is never shown: an answer given today lands there, so a lead comparing the page
    before and after it learns nothing."""
    now = now or timezone.now()
    closed = closed_months_start(now)
    return kept_figures.kept(
        "pulses",
        [program.pk],
        (closed, str(closed.tzinfo), access.minimum_group_size()),
        lambda _ids: {program.pk: _pulse_figures(program, closed)},
    )[program.pk]


def _pulse_figures(program: Program, closed: datetime) -> list[MonthFigures]:
    first = min(program.starts_on, timezone.localdate(program.created_at))
    months = _months(first, closed)
    if not months:
        return []
    aggregates = {}
    for index, (start, end) in enumerate(months):
        within = Q(created_at__gte=start, created_at__lt=end)
        aggregates[f"people_{index}"] = Count("person_id", distinct=True, filter=within)
        for name, _label in STATEMENTS:
            aggregates[f"{name}_{index}"] = Avg(name, filter=within)
    row = Pulse.objects.filter(session__group__program=program).aggregate(**aggregates)
    result = []
    for index, (start, _end) in enumerate(months):
        people = row[f"people_{index}"]
        if not people:
            continue
        shown = access.may_show_figures(people)
        result.append(
            MonthFigures(
                month=start.date(),
                people=people if shown else 0,
                shown=shown,
                means=[
                    (label, round(row[f"{name}_{index}"], 1) if shown else None)
                    for name, label in STATEMENTS
                ],
            )
        )
    return result


def pulse_table(program: Program) -> tuple[list[str], list[list[object]]] | None:
    """The report page's "session pulse per month" as a table for its CSV export: the same
    closed months and the same held-back rule, nothing the page does not show."""
    months = pulse_figures(program)
    if not months:
        return None
    header = [gettext("Session pulse per month"), *(str(label) for _name, label in STATEMENTS)]
    rows: list[list[object]] = [
        [
            date_format(month.month, "F Y"),
            *(
                [mean for _label, mean in month.means]
                if month.shown
                else [gettext("Held back: too few people answered."), "", ""]
            ),
        ]
        for month in months
    ]
    return header, rows


@dataclass
class SurveyFigures:
    """The end-of-program survey for whoever runs the program: answers of months that ended,
    shown only from `REPORTS_MINIMUM_GROUP` of them (`shown=False` makes every figure None)."""

    shown: bool
    answers: int | None
    recommend: float | None


def survey_figures(program: Program, now: datetime | None = None) -> SurveyFigures | None:
    """None when nobody answered in a month that ended (one query). The open month is left out
    for the reason pulses are: an answer given today never changes what the lead sees today."""
    before = closed_months_start(now or timezone.now())
    row = SurveyAnswer.objects.filter(program=program, created_at__lt=before).aggregate(
        answers=Count("pk"), recommend=Avg("recommend")
    )
    if not row["answers"]:
        return None
    if not access.may_show_figures(row["answers"]):
        return SurveyFigures(shown=False, answers=None, recommend=None)
    return SurveyFigures(shown=True, answers=row["answers"], recommend=round(row["recommend"], 1))


def survey_table(program: Program) -> tuple[list[str], list[list[object]]] | None:
    """The report page's survey figures for its CSV export, under the same rules."""
    found = survey_figures(program)
    if found is None:
        return None
    header = [
        gettext("End-of-program survey"),
        gettext("Answers"),
        gettext("Would recommend it (0–10, average)"),
    ]
    if not found.shown:
        return header, [["", gettext("Held back: too few people answered."), ""]]
    return header, [["", found.answers, found.recommend]]
