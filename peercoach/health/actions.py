"""Writes of the health app: pulses, match fit, pauses and withdrawals, commitments (the
re-matching a match fit asks for is matching's: `peercoach.matching.rematch`).

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
from peercoach.notifications.actions import sync_group_calendars
from peercoach.notifications.group_mail import queue_to_others
from peercoach.notifications.models import Kind
from peercoach.organisations.models import Person
from peercoach.programs import kept_figures
from peercoach.programs.models import (
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupMember,
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


def planning_published():
    return access.PUBLISHED


def _tell_group(group: Group, absence: Absence) -> int:
    return queue_to_others(
        group,
        absence.person_id,
        kind=Kind.MEMBER_AWAY,
        key=f"away:{absence.pk}",
        context={"group": group.pk, "absence": absence.pk},
        lasts=timedelta(days=14),
    )


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
        sync_group_calendars(group.pk)
    kept_figures.changed(programs=[program.pk])
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
