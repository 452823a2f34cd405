"""Operations on programs that touch several objects; each runs in one transaction.

Enrolling and opening a program queue the invitations; forming and changing a group checks
matching's hard rules (`matching.planning.check_group_change`); someone joining or leaving a
group updates the calendars of its upcoming sessions and tells the other members. This module
sits above `programs` (the records), `matching` and `notifications` in the layering, so it calls
them directly: no signal, no import inside a function.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from peercoach.assessments.actions import questionnaire_of
from peercoach.audit.log import Action, record
from peercoach.matching import planning
from peercoach.notifications.actions import (
    queue_member_joined,
    queue_program_invitation,
    sync_group_calendars,
)
from peercoach.notifications.models import OutgoingMessage
from peercoach.organisations.models import Person
from peercoach.programs import kept_figures
from peercoach.programs.forms import ProgramForm
from peercoach.programs.models import (
    Enrolment,
    EnrolmentStatus,
    Format,
    Group,
    GroupMember,
    MemberRole,
    Program,
    ProgramStatus,
    RoundStatus,
)


@transaction.atomic
def do_create_program(form: ProgramForm, *, by: Person) -> Program:
    """Save the program `form` validated, with `by` as its lead if the form named none, and its
    default questionnaire (so the lead only adapts it): together or not at all."""
    program = form.save()
    if not program.leads.exists():
        program.leads.add(by)
    questionnaire_of(program)
    return program


@transaction.atomic
def do_enrol(program: Program, people: Iterable[Person]) -> int:
    """Enrol people (re-activating withdrawn enrolments); returns how many were new."""
    people = list({person.pk: person for person in people}.values())
    for person in people:
        if person.organisation_id != program.organisation_id:
            raise ValidationError(_("Only people of the program's organisation can be enrolled."))
    existing = {
        enrolment.person_id: enrolment
        for enrolment in Enrolment.objects.filter(program=program, person__in=people)
    }
    Enrolment.objects.filter(pk__in=[e.pk for e in existing.values()]).update(
        status=EnrolmentStatus.ACTIVE
    )
    new = [
        Enrolment(program=program, person=person) for person in people if person.pk not in existing
    ]
    Enrolment.objects.bulk_create(new)
    kept_figures.changed(programs=[program.pk])
    if program.status != ProgramStatus.DRAFT:
        invite([enrolment.person for enrolment in new], program)
    return len(new)


def invite(people: Iterable[Person], program: Program) -> None:
    """Queue the program invitation (sent once per person, however often this is called)."""
    for person in people:
        queue_program_invitation(person, program)


def advance_recipients(program: Program) -> int:
    """How many people moving `program` to its next stage will email: opening enrolment invites
    everyone enrolled who has not been invited yet; the other stages send nothing."""
    if program.next_status != ProgramStatus.ENROLLING:
        return 0
    invited = OutgoingMessage.objects.filter(
        idempotency_key=Concat(
            Value(f"program-invite:{program.pk}:"), Cast(OuterRef("person_id"), CharField())
        )
    )
    return Enrolment.objects.active().filter(program=program).exclude(Exists(invited)).count()


@transaction.atomic
def do_advance(program: Program) -> Program:
    """Move the program to its next stage; opening enrolment invites everyone enrolled."""
    if program.next_status is None:
        return program
    program.status = program.next_status
    if program.status == ProgramStatus.CLOSED:
        program.closed_on = timezone.localdate()
    program.save(update_fields=["status", "closed_on"])
    if program.status == ProgramStatus.ENROLLING:
        enrolled = Person.objects.filter(
            enrolments__program=program, enrolments__status=EnrolmentStatus.ACTIVE
        )
        invite(enrolled, program)
    return program


@transaction.atomic
def do_form_group(
    program: Program, name: str, members: Iterable[Person], by: Person | None = None
) -> Group:
    """Form a group by hand from enrolled people (`by`: who forms it). Pairs get coach/coachee
    roles. The rules are matching's (`planning.check_group_change`)."""
    members = list(members)
    enrolled = set(
        Enrolment.objects.active()
        .filter(program=program, person__in=members)
        .values_list("person_id", flat=True)
    )
    if any(member.pk not in enrolled for member in members):
        raise ValidationError(_("Everyone in a group must be enrolled in the program."))
    planning.check_group_change(
        program, [[member.pk for member in members]], placing=members, by=by
    )
    group = Group.objects.create(program=program, name=name)
    roles = [MemberRole.MEMBER] * len(members)
    if program.format == Format.PAIRS and len(members) == 2:
        roles = [MemberRole.COACH, MemberRole.COACHEE]
    GroupMember.objects.bulk_create(
        GroupMember(group=group, person=member, role=role)
        for member, role in zip(members, roles, strict=True)
    )
    kept_figures.changed(programs=[program.pk])
    record(
        Action.GROUP_FORMED,
        actor=by,
        organisation=program.organisation_id,
        target=group,
        detail=f"{len(members)} members",
    )
    return group


MINIMUM_GROUP_SIZE = 2


def _refuse_draft(group: Group) -> None:
    if group.round_id is not None and group.round.status != RoundStatus.PUBLISHED:
        raise ValidationError(
            _("This group is part of a round still being matched: change it on the matching page.")
        )


@transaction.atomic
def do_add_member(group: Group, person: Person, by: Person | None = None) -> GroupMember:
    """Add an enrolled person to an existing group (`by`: who adds them), e.g. to replace
    someone who left.

    They read what the group writes from now on, not what was written before they joined, and
    the other members are told by email who joined, and the calendars of upcoming sessions
    follow (in the same transaction: messages are queued with the change, or not at all).
    """
    _refuse_draft(group)
    if not Enrolment.objects.active().filter(program_id=group.program_id, person=person).exists():
        raise ValidationError(_("Only people enrolled in the program can join one of its groups."))
    if group.memberships.filter(person=person).exists():
        raise ValidationError(_("%(name)s is already in this group.") % {"name": person.name})
    current = list(group.memberships.values_list("person_id", flat=True))
    planning.check_group_change(group.program, [[*current, person.pk]], placing=[person], by=by)
    membership = GroupMember.objects.create(
        group=group, person=person, role=MemberRole.MEMBER, joined_at=timezone.now()
    )
    sync_group_calendars(group.pk)
    record(
        Action.GROUP_MEMBER_ADDED,
        actor=by,
        target=person,
        detail=f"group {group.pk}",
    )
    queue_member_joined(membership)
    return membership


@transaction.atomic
def do_remove_member(group: Group, person: Person) -> None:
    """Take someone out of a group. Their entries stay with the group; they no longer see it."""
    _refuse_draft(group)
    memberships = GroupMember.objects.select_for_update().filter(group=group)
    membership = next((m for m in memberships if m.person_id == person.pk), None)
    if membership is None:
        raise ValidationError(_("%(name)s is not in this group.") % {"name": person.name})
    if len(memberships) <= MINIMUM_GROUP_SIZE:
        raise ValidationError(
            _("A group needs at least two members: add someone before removing %(name)s.")
            % {"name": person.name}
        )
    membership.delete()
    kept_figures.changed(groups=[group.pk])
    sync_group_calendars(group.pk)
    record(Action.GROUP_MEMBER_REMOVED, target=person, detail=f"group {group.pk}")
