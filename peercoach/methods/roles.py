"""Fair role rotation across a group's sessions.

Groups: everyone brings a case before anyone brings one twice; facilitator, timekeeper and
observer rotate the same way among the others. Pairs: coach and coachee alternate.
The rule is a pure function over the history; `propose_roles` feeds it from the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import permutations

from peercoach.coaching.models import CoachingSession
from peercoach.methods.models import SessionRole, SessionRoleName
from peercoach.programs.models import Format

GROUP_ROLES = [
    SessionRoleName.CASE_BRINGER,
    SessionRoleName.FACILITATOR,
    SessionRoleName.TIMEKEEPER,
    SessionRoleName.OBSERVER,
]


def plan_roles(
    members: Sequence[int], history: Sequence[dict[int, str]], *, pair: bool
) -> dict[int, str]:
    """Roles for the next session, given the roles of earlier sessions (oldest first).

    The case-bringer (coachee) is whoever has had that role the fewest times, then longest ago
    (never counts as longest), then member order. The other roles are assigned together, to the
    assignment that keeps everyone's counts per role most even (squares of the counts), then
    longest ago. Groups have at most 8 members, so trying every assignment is cheap.
    """
    roles = [SessionRoleName.COACHEE, SessionRoleName.COACH] if pair else GROUP_ROLES
    # Having no role is rotated too, or the same people would keep sitting out.
    roles = roles + [SessionRoleName.MEMBER] * max(0, len(members) - len(roles))
    counts = {role: Counter() for role in set(roles)}
    last_time: dict[str, dict[int, int]] = {role: {} for role in set(roles)}
    for index, session_roles in enumerate(history):
        for person, role in session_roles.items():
            if role in counts:
                counts[role][person] += 1
                last_time[role][person] = index
    position = {person: index for index, person in enumerate(members)}

    def priority(role: str, person: int) -> tuple[int, int, int]:
        return (counts[role][person], last_time[role].get(person, -1), position[person])

    def cost(role: str, person: int) -> tuple[int, int, int]:
        count, last, place = priority(role, person)
        return (count * count, last, place)

    # The first role (case-bringer, coachee) follows the strict rule; the others are then
    # spread together over the rest, so that one person's turn does not block another's.
    first = min(members, key=lambda person: priority(roles[0], person))
    free = [person for person in members if person != first]
    others = roles[1 : len(free) + 1]
    best = min(
        permutations(free, len(others)),
        key=lambda chosen: tuple(
            map(
                sum,
                zip(*(cost(role, p) for role, p in zip(others, chosen, strict=True)), strict=True),
            )
        ),
    )
    plan = {first: roles[0], **dict(zip(best, others, strict=True))}
    for person in free:
        plan.setdefault(person, SessionRoleName.MEMBER)
    return plan


def saved_roles(session: CoachingSession) -> dict[int, str]:
    return dict(SessionRole.objects.filter(session=session).values_list("person_id", "role"))


def propose_roles(session: CoachingSession, members: Sequence[int] | None = None) -> dict[int, str]:
    """Saved roles of the session, or a fair proposal from the group's earlier sessions."""
    return saved_roles(session) or plan_from_history(session, members)


def plan_from_history(
    session: CoachingSession, members: Sequence[int] | None = None
) -> dict[int, str]:
    """A fair proposal from the roles saved for the group's earlier sessions."""
    if members is None:
        members = (
            session.group.memberships.taking_part()
            .order_by("person__name", "person_id")
            .values_list("person_id", flat=True)
        )
    members = list(members)
    earlier_roles = (
        SessionRole.objects.filter(
            session__group_id=session.group_id, session__starts_at__lt=session.starts_at
        )
        .exclude(session__status="cancelled")
        .order_by("session__starts_at", "session_id")
        .values_list("session_id", "person_id", "role")
    )
    history: dict[int, dict[int, str]] = {}
    for session_id, person_id, role in earlier_roles:
        history.setdefault(session_id, {})[person_id] = role
    pair = session.group.program.format == Format.PAIRS and len(members) == 2
    return plan_roles(members, list(history.values()), pair=pair)


def save_roles(session: CoachingSession, roles: dict[int, str]) -> None:
    SessionRole.objects.filter(session=session).delete()
    SessionRole.objects.bulk_create(
        SessionRole(session=session, person_id=person_id, role=role)
        for person_id, role in roles.items()
    )
