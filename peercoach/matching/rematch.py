"""Re-matching a group that does not work (asked for in program health's match fit).

It lives in matching because it is matching: people change groups under the program's hard rules
(`planning.check_group_change`). Program health shows who asked; this module moves them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.access import PUBLISHED
from peercoach.health.models import MatchFit
from peercoach.matching import planning
from peercoach.notifications.actions import queue_member_joined, sync_group_calendars
from peercoach.organisations.models import Person
from peercoach.programs import kept_figures
from peercoach.programs.models import Group, GroupMember, MemberRole


def _interleave(first: list[int], second: list[int]) -> tuple[list[int], list[int]]:
    """Two new groups from two old ones, each keeping about half of both: A-B and C-D become
    A-D and C-B; in groups, every other member changes places."""
    return first[0::2] + second[1::2], second[0::2] + first[1::2]


@transaction.atomic
def do_rematch(group: Group, by: Person) -> Group:
    """Re-match the people of `group` in one step: exchange half of its members with another
    group of the program (in a pair: swap partners with another pair), the first for which the
    program's hard rules hold (`planning.check_group_change`). A lone member left after a
    withdrawal joins another group. Returns the other group; raises ValidationError when no
    group fits.

    Whoever moves reads their new group from now on only (`joined_at`), the others are told who
    joined, calendars follow, and the groups' re-match requests are closed.
    """
    program = group.program
    locked = list(GroupMember.objects.select_for_update().filter(group__program=program))
    # A leaver keeps their membership row (the group's history) but is moved nowhere.
    taking_part = set(
        Person.objects.filter(pk__in={m.person_id for m in locked}, is_active=True).values_list(
            "pk", flat=True
        )
    )
    locked = [m for m in locked if m.person_id in taking_part]
    members: dict[int, list[int]] = {}
    for membership in locked:
        members.setdefault(membership.group_id, []).append(membership.person_id)
    mine = sorted(members.get(group.pk, []))
    if not mine:
        raise ValidationError(_("This group has no members to re-match."))
    others = (
        Group.objects.filter(program=program)
        .exclude(pk=group.pk)
        .filter(pk__in=[pk for pk, people in members.items() if people])
        .filter(PUBLISHED)
        .order_by("pk")
    )
    people = planning.engine_people(program, [m.person_id for m in locked])
    blocked = access.blocked_pairs_among(m.person_id for m in locked)
    for other in others:
        theirs = sorted(members[other.pk])
        if len(mine) == 1:
            new_mine, new_theirs = [], theirs + mine
        else:
            new_mine, new_theirs = _interleave(mine, theirs)
        movers = [pk for pk in new_mine if pk not in mine] + [
            pk for pk in new_theirs if pk not in theirs
        ]
        placing = list(Person.objects.filter(pk__in=movers))
        try:
            planning.check_group_change(
                program,
                [g for g in (new_mine, new_theirs) if g],
                placing=placing,
                by=by,
                people=people,
                blocked=blocked,
            )
        except ValidationError:
            continue
        _move(group, other, new_mine, new_theirs, mine, theirs)
        return other
    raise ValidationError(
        _(
            "No other group of the program can exchange members with this one under "
            "the program's rules."
        )
    )


def _move(group, other, new_mine, new_theirs, mine, theirs) -> None:
    now = timezone.now()
    leaving_mine = [pk for pk in mine if pk not in new_mine]
    leaving_theirs = [pk for pk in theirs if pk not in new_theirs]
    GroupMember.objects.filter(group=group, person_id__in=leaving_mine).delete()
    GroupMember.objects.filter(group=other, person_id__in=leaving_theirs).delete()
    joined = [
        GroupMember.objects.create(
            group=target, person_id=pk, role=MemberRole.MEMBER, joined_at=now
        )
        for target, pks in ((group, leaving_theirs), (other, leaving_mine))
        for pk in pks
    ]
    MatchFit.objects.filter(group__in=[group, other], resolved_at__isnull=True).update(
        resolved_at=now
    )
    kept_figures.changed(groups=[group.pk, other.pk])
    sync_group_calendars(group.pk)
    sync_group_calendars(other.pk)
    for membership in joined:
        queue_member_joined(membership)
