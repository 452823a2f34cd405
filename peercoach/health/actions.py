"""Writes of the health app: pulses, match fit, re-matching, pauses and withdrawals, commitments.

Every operation across objects is here, in a transaction; emails go through the notifications
outbox (queued in the same transaction, so a change and its message happen together or not at all).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.coaching.models import ActionItem, CoachingSession
from peercoach.health.models import (
    Absence,
    AbsenceKind,
    CommitmentAnswer,
    CommitmentCheck,
    MatchFit,
    Pulse,
    RatherNot,
    SurveyAnswer,
)
from peercoach.matching import planning
from peercoach.notifications.models import Kind
from peercoach.notifications.outbox import QueuedMessage, queue
from peercoach.notifications.tasks import kick_delivery_on_commit
from peercoach.organisations.models import Person
from peercoach.programs.actions import _announce_membership_change
from peercoach.programs.models import (
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupMember,
    MemberRole,
    Program,
)

LONGEST_PAUSE = timedelta(days=183)


@transaction.atomic
def do_save_pulse(
    session: CoachingSession, person: Person, *, forward: int, freely: int, listened: int, note: str
) -> Pulse:
    """Save (or change) the person's pulse for a session they took part in (checked by the caller
    through `access.get_session_to_pulse`)."""
    pulse, _created = Pulse.objects.update_or_create(
        session=session,
        person=person,
        defaults={"forward": forward, "freely": freely, "listened": listened, "note": note},
    )
    return pulse


@transaction.atomic
def do_answer_fit(group: Group, person: Person, works: bool) -> MatchFit:
    return MatchFit.objects.create(group=group, person=person, works=works)


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
        .filter(planning_published())
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


def planning_published():
    return access.PUBLISHED


def _move(group, other, new_mine, new_theirs, mine, theirs) -> None:
    from peercoach.notifications.actions import queue_member_joined

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
    _announce_membership_change(group)
    _announce_membership_change(other)
    for membership in joined:
        queue_member_joined(membership)


def _tell_group(group: Group, absence: Absence) -> int:
    others = group.memberships.filter(person__is_active=True).exclude(person_id=absence.person_id)
    now = timezone.now()
    queued = queue(
        [
            QueuedMessage(
                key=f"away:{absence.pk}:{person_id}",
                kind=Kind.MEMBER_AWAY,
                person_id=person_id,
                send_after=now,
                expires_at=now + timedelta(days=14),
                context={"group": group.pk, "absence": absence.pk},
            )
            for person_id in others.values_list("person_id", flat=True)
        ]
    )
    if queued:
        kick_delivery_on_commit()
    return queued


def _groups_in(program: Program, person: Person):
    return Group.objects.filter(planning_published(), program=program, memberships__person=person)


@transaction.atomic
def do_pause(program: Program, person: Person, starts_on: date, ends_on: date) -> Absence:
    """A break: no reminders and nudges for this program and not matched in rounds starting in
    it; the group is told in neutral words."""
    today = timezone.localdate()
    if starts_on < today:
        raise ValidationError(_("A break starts today or later."))
    if ends_on < starts_on:
        raise ValidationError(_("A break ends on or after the day it starts."))
    if ends_on - starts_on > LONGEST_PAUSE:
        raise ValidationError(
            _("A break lasts at most six months; withdraw if you stop for longer.")
        )
    absence = Absence.objects.create(
        program=program, person=person, kind=AbsenceKind.PAUSE, starts_on=starts_on, ends_on=ends_on
    )
    for group in _groups_in(program, person):
        _tell_group(group, absence)
    return absence


@transaction.atomic
def do_end_pause(absence: Absence) -> None:
    today = timezone.localdate()
    if absence.starts_on > today:
        absence.delete()
    else:
        absence.ends_on = today - timedelta(days=1)
        absence.save(update_fields=["ends_on"])


@transaction.atomic
def do_withdraw(program: Program, person: Person) -> Absence:
    """Leave the program: the enrolment ends, the person leaves its groups (what they wrote
    stays with the group; they read none of it any more), the groups are told in neutral words
    and the lead sees it on the at-risk list."""
    enrolment = Enrolment.objects.select_for_update().filter(program=program, person=person).first()
    if enrolment is None or enrolment.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(_("You are not taking part in this program."))
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status"])
    groups = list(_groups_in(program, person))
    absence = Absence.objects.create(
        program=program,
        person=person,
        kind=AbsenceKind.WITHDRAWAL,
        starts_on=timezone.localdate(),
        group=groups[0] if groups else None,
    )
    for group in groups:
        _tell_group(group, absence)
        GroupMember.objects.filter(group=group, person=person).delete()
        _announce_membership_change(group)
    return absence


# Commitments: the signed single-use links are read in `peercoach.access.health`.


@transaction.atomic
def do_answer_commitment(check: CommitmentCheck, answer: str) -> bool:
    """Record the answer once: the nonce is replaced, so the email's links no longer work.
    Returns False if someone answered meanwhile."""
    from peercoach.health.models import new_nonce

    updated = CommitmentCheck.objects.filter(
        pk=check.pk, nonce=check.nonce, answered_at__isnull=True
    ).update(answer=answer, answered_at=timezone.now(), nonce=new_nonce())
    if updated and answer == CommitmentAnswer.DONE:
        ActionItem.objects.filter(pk=check.item_id, done_at__isnull=True).update(
            done_at=timezone.now()
        )
    return bool(updated)


# The most people one person may name: enough for real reasons, too few to opt out of matching.
RATHER_NOT_AT_MOST = 10


@transaction.atomic
def do_add_rather_not(person: Person, other: Person) -> RatherNot:
    """`person` would rather not be matched with `other` (a colleague, checked by the view's
    `access.get_rather_not_candidate`). Nobody is told; matching keeps the two apart from the
    next change or round on. Groups they already share stay as they are."""
    Person.objects.select_for_update().get(pk=person.pk)
    if other.pk == person.pk or other.organisation_id != person.organisation_id:
        raise ValidationError(_("You can only name colleagues of your organisation."))
    entry = RatherNot.objects.filter(person=person, other=other).first()
    if entry is not None:
        return entry
    if RatherNot.objects.filter(person=person).count() >= RATHER_NOT_AT_MOST:
        raise ValidationError(
            _("You can name at most %(count)d people. Remove someone first.")
            % {"count": RATHER_NOT_AT_MOST}
        )
    return RatherNot.objects.create(person=person, other=other)


def do_remove_rather_not(entry: RatherNot) -> None:
    entry.delete()


def do_answer_survey(
    program: Program, person: Person, recommend: int, brought: str
) -> SurveyAnswer:
    """Save (or change) the person's end-of-program answer. The view checked that the program
    ended for them (`access.get_program_to_survey`)."""
    answer, _created = SurveyAnswer.objects.update_or_create(
        program=program, person=person, defaults={"recommend": recommend, "brought": brought}
    )
    return answer
