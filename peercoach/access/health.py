"""Program health's confidentiality rules (peercoach/health).

- A pulse is its author's alone. The group sees the averages of a session's pulses once everyone
  present answered (or a week after the session), and only from three answers on: in a pair an
  average would give the partner's answer away, so a pair sees only that both answered.
- A match-fit answer is its author's alone. Whoever runs the program sees that a group asks for
  a re-match; in a pair that the pair asked; never who.
- Program figures (pulse averages) only from `REPORTS_MINIMUM_GROUP` people and only for
  calendar months that ended: a new answer always falls in the open month, so comparing the page
  before and after it tells nothing.
- Leads, admins and managers never read one pulse, one note or one match-fit answer.
- A "rather not with" entry is its author's alone: not the other person, not a lead, not an admin,
  not an export. Matching reads them only as anonymous blocked pairs (`blocked_pairs_among`) and
  explains a refused change as "a private preference", never whose.
- An end-of-program survey answer is its author's alone (the text most of all). Whoever runs the
  program sees the number of answers and the average recommendation, from
  `REPORTS_MINIMUM_GROUP` answers on and only of calendar months that ended (as pulses).
- A commitment check is answered through a signed link that works once (its nonce is replaced
  by the answer); opened while signed in as someone else it answers 404 (the view checks).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from datetime import timedelta

from django.core import signing
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from peercoach.access.core import can_read_content, get_or_404, groups_of, sessions_with_content_for
from peercoach.access.paths import programs_followed_by
from peercoach.coaching.models import Attendance, CoachingSession, SessionStatus
from peercoach.growth.models import Win
from peercoach.health.models import (
    Absence,
    CommitmentAnswer,
    CommitmentCheck,
    MatchFit,
    Pulse,
    RatherNot,
    SurveyAnswer,
)
from peercoach.organisations.models import Person
from peercoach.programs.models import (
    Group,
    GroupMember,
    Program,
    ProgramStatus,
    published_through,
)

# A pulse can be given this long after the session; its group averages show after a week anyway.
PULSE_OPEN_FOR = timedelta(days=14)
GROUP_AVERAGES_AFTER = timedelta(days=7)
FEWEST_FOR_GROUP_AVERAGES = 3
# Memberships of groups members can see (a draft round's groups are the lead's working copy).
PUBLISHED_MEMBERSHIP = published_through("group__")


def pulses_of(person: Person) -> QuerySet[Pulse]:
    """The person's own pulses, notes included; nobody else reads them."""
    return Pulse.objects.filter(person_id=person.pk)


def match_fits_of(person: Person) -> QuerySet[MatchFit]:
    return MatchFit.objects.filter(person_id=person.pk)


def absences_of(person: Person) -> QuerySet[Absence]:
    return Absence.objects.filter(person_id=person.pk)


def _not_absent(person_field: str) -> Exists:
    return Exists(
        Attendance.objects.filter(
            session_id=OuterRef("pk"), person_id=OuterRef(person_field), present=False
        )
    )


def sessions_to_pulse(person: Person) -> QuerySet[CoachingSession]:
    """Held sessions of the person's groups, recent enough, that they were not recorded absent at:
    the ones they may give (or change) a pulse for."""
    absent = Attendance.objects.filter(
        session_id=OuterRef("pk"), person_id=person.pk, present=False
    )
    return sessions_with_content_for(person).filter(
        ~Exists(absent),
        status=SessionStatus.HELD,
        starts_at__gte=timezone.now() - PULSE_OPEN_FOR,
        starts_at__lte=timezone.now(),
    )


def get_session_to_pulse(person: Person, pk: int) -> CoachingSession:
    return get_or_404(sessions_to_pulse(person).select_related("group"), pk)


def present_member_ids(session: CoachingSession) -> set[int]:
    """Who was there: members at the time (founders, or joined before it began), not recorded
    absent. A member deactivated since (a leaver keeps the membership row) counts only if they
    answered before leaving: nobody waits for an answer that can never come."""
    members = GroupMember.objects.filter(group_id=session.group_id).filter(
        Q(joined_at__isnull=True) | Q(joined_at__lte=session.starts_at),
        Q(person__is_active=True) | Q(person__pulses__session=session),
    )
    absent = set(
        Attendance.objects.filter(session=session, present=False).values_list(
            "person_id", flat=True
        )
    )
    return {pk for pk in members.values_list("person_id", flat=True) if pk not in absent}


def group_averages(person: Person, session: CoachingSession) -> dict | None:
    """The averages a member of the session's group may see, or None while they may not.

    {"answered": n, "present": m, "shown": bool, "forward": 3.5, ...}: the figures only when
    `shown` (everyone present answered or a week passed, and at least three answered).
    """
    if not can_read_content(person, session):
        return None
    present = present_member_ids(session)
    scores = list(
        Pulse.objects.filter(session=session, person_id__in=present).values_list(
            "forward", "freely", "listened"
        )
    )
    complete = (
        len(scores) >= len(present) or timezone.now() >= session.starts_at + GROUP_AVERAGES_AFTER
    )
    shown = complete and len(scores) >= FEWEST_FOR_GROUP_AVERAGES
    result = {
        "answered": len(scores),
        "present": len(present),
        "shown": shown,
        "complete": complete,
    }
    for index, name in enumerate(("forward", "freely", "listened")):
        result[name] = round(sum(s[index] for s in scores) / len(scores), 1) if shown else None
    return result


def groups_to_assess_fit(person: Person) -> QuerySet[Group]:
    """The person's published groups that held a session since they joined and whose match they
    have not judged yet: asked once, after the first session together."""
    mine = GroupMember.objects.filter(group_id=OuterRef("pk"), person_id=person.pk)
    held_since_joining = CoachingSession.objects.filter(
        group_id=OuterRef("pk"), status=SessionStatus.HELD, starts_at__lte=timezone.now()
    ).filter(
        Exists(
            GroupMember.objects.filter(
                Q(joined_at__isnull=True) | Q(joined_at__lte=OuterRef("starts_at")),
                group_id=OuterRef("group_id"),
                person_id=person.pk,
            )
        )
    )
    answered = MatchFit.objects.filter(group_id=OuterRef("pk"), person_id=person.pk)
    return groups_of(person).filter(Exists(mine), Exists(held_since_joining), ~Exists(answered))


def get_group_to_assess_fit(person: Person, pk: int) -> Group:
    return get_or_404(groups_to_assess_fit(person).select_related("program"), pk)


def rematch_requested(program: Program) -> dict[int, int]:
    """Per group of the program: how many open "this match does not work" answers it has.
    For the lead a group only "asks for a re-match"; the count never leaves this module's callers
    as a figure on a page."""
    rows = MatchFit.objects.filter(
        group__program=program, works=False, resolved_at__isnull=True
    ).values_list("group_id", flat=True)
    counts: dict[int, int] = {}
    for group_id in rows:
        counts[group_id] = counts.get(group_id, 0) + 1
    return counts


def programs_followed_to_pause(person: Person) -> QuerySet[Program]:
    """Programs a person may pause or withdraw from: those they are actively enrolled in."""
    return programs_followed_by(person)


def rather_not_of(person: Person) -> QuerySet[RatherNot]:
    """The people this person would rather not be matched with; nobody else reads the list."""
    return RatherNot.objects.filter(person_id=person.pk)


def rather_not_candidates(person: Person) -> QuerySet[Person]:
    """Whom the person may name: active colleagues of their organisation, themselves aside."""
    return (
        Person.objects.active().filter(organisation_id=person.organisation_id).exclude(pk=person.pk)
    )


def find_rather_not_candidates(person: Person, query: str, limit: int) -> list[Person]:
    """Colleagues whose name contains `query` or whose email is `query`, not yet on the list."""
    return list(
        rather_not_candidates(person)
        .filter(Q(name__icontains=query) | Q(email__iexact=query))
        .exclude(pk__in=rather_not_of(person).values("other_id"))
        .order_by("name", "pk")[:limit]
    )


def get_rather_not_candidate(person: Person, pk: int) -> Person:
    return get_or_404(rather_not_candidates(person), pk)


def get_rather_not_of(person: Person, pk: int) -> RatherNot:
    return get_or_404(rather_not_of(person), pk)


def blocked_pairs_among(person_ids: Iterable[int] | QuerySet) -> set[tuple[str, str]]:
    """For matching only: the pairs among `person_ids` (ids, or a `values("pk")` queryset for a
    large pool) that someone named, as (id, id) in the engine's string ids, without who named
    whom (one query)."""
    ids = person_ids if isinstance(person_ids, QuerySet) else list(person_ids)
    rows = RatherNot.objects.filter(person_id__in=ids, other_id__in=ids).values_list(
        "person_id", "other_id"
    )
    return {tuple(sorted((str(a), str(b)))) for a, b in rows}


def programs_to_survey(person: Person) -> QuerySet[Program]:
    """Programs the person took part in to the end (still enrolled) that closed or whose end
    date passed: the ones they are asked about."""
    return programs_followed_by(person).filter(
        Q(status=ProgramStatus.CLOSED) | Q(ends_on__lt=timezone.localdate())
    )


def get_program_to_survey(person: Person, pk: int) -> Program:
    return get_or_404(programs_to_survey(person), pk)


def survey_answer_of(person: Person, program: Program) -> SurveyAnswer | None:
    return SurveyAnswer.objects.filter(person_id=person.pk, program_id=program.pk).first()


# This many commitments in a row answered "done" are suggested to their owner as a win.
KEPT_RUN = 3


def kept_commitment_run(person: Person) -> tuple[int, int | None]:
    """How many of the person's latest answered commitments in a row were "done" (at most
    `KEPT_RUN`), counting only since their last win: once they celebrated, a new run starts;
    and the group of the latest (where the win would go). Theirs alone: shown to them and
    nobody else (one query)."""
    wins = Win.objects.filter(author_id=person.pk)
    since_last_win = Q(~Exists(wins)) | Q(
        answered_at__gt=Subquery(wins.order_by("-created_at").values("created_at")[:1])
    )
    latest = (
        CommitmentCheck.objects.filter(
            since_last_win, item__owner_id=person.pk, answered_at__isnull=False
        )
        .order_by("-answered_at", "-pk")
        .values_list("answer", "item__session__group_id")[:KEPT_RUN]
    )
    run, group_id = 0, None
    for answer, group in latest:
        if answer != CommitmentAnswer.DONE:
            break
        run, group_id = run + 1, group_id or group
    return run, group_id


COMMITMENT_SALT = "peercoach.health.commitment"


# Commitments: on an action item's due date its owner is asked "done / partly / not yet" by email.
# Each answer is a link signed with the check's nonce; answering replaces the nonce, so every link
# of that email works once.


def commitment_token(check: CommitmentCheck, answer: str) -> str:
    return signing.dumps([check.pk, check.nonce, answer], salt=COMMITMENT_SALT, compress=True)


def read_commitment_token(token: str) -> tuple[CommitmentCheck, str] | None:
    try:
        pk, nonce, answer = signing.loads(token, salt=COMMITMENT_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if answer not in CommitmentAnswer.values:
        return None
    check = (
        CommitmentCheck.objects.select_related("item__owner__organisation", "item__session__group")
        .filter(pk=pk)
        .first()
    )
    if check is None or not secrets_equal(check.nonce, str(nonce)):
        return None
    return check, answer


def secrets_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
