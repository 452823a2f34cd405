"""A lead's hand edits of a draft round: lock a group, move, place or swap people.

Every edit is checked against the hard constraints after it is made, inside the edit's
transaction, so a refused edit leaves the round as it was; the edited groups are scored again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peercoach.matching import engine
from peercoach.matching.planning import (
    check_group_change,
    history_for,
    options_for,
    reason_to_json,
    require_draft,
)
from peercoach.organisations.models import Person
from peercoach.programs.models import Group, GroupMember, MemberRole, Round


def do_toggle_lock(group: Group) -> Group:
    require_draft(group.round)
    group.is_locked = not group.is_locked
    group.save(update_fields=["is_locked"])
    return group


@transaction.atomic
def do_move(round_: Round, person: Person, target: Group, by: Person | None = None) -> None:
    """Move a person into another group of the draft round, keeping every hard constraint."""
    require_draft(round_)
    membership = GroupMember.objects.select_related("group").get(group__round=round_, person=person)
    if membership.group_id == target.pk:
        return
    if membership.group.is_locked or target.is_locked:
        raise ValidationError(_("Unlock the group before changing it."), code="locked")
    source = membership.group
    membership.group = target
    membership.role = MemberRole.MEMBER
    membership.save(update_fields=["group", "role"])
    _check_and_rescore(round_, [source, target], placing=[person], by=by)


@transaction.atomic
def do_place(round_: Round, person: Person, target: Group, by: Person | None = None) -> None:
    """Put someone matching left out into a group of the draft round, under the same hard-rule
    check as moving someone."""
    require_draft(round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    left = [u for u in round_.unplaced if u.get("person") != person.pk]
    if len(left) == len(round_.unplaced):
        raise ValidationError(_("This person is not waiting for a group."), code="not_unplaced")
    if target.is_locked:
        raise ValidationError(_("Unlock the group before changing it."), code="locked")
    GroupMember.objects.create(group=target, person=person, role=MemberRole.MEMBER)
    _check_and_rescore(round_, [target], placing=[person], by=by)
    round_.unplaced = left
    round_.save(update_fields=["unplaced"])


@transaction.atomic
def do_swap(round_: Round, first: Person, second: Person, by: Person | None = None) -> None:
    require_draft(round_)
    one = GroupMember.objects.select_related("group").get(group__round=round_, person=first)
    two = GroupMember.objects.select_related("group").get(group__round=round_, person=second)
    if one.group_id == two.group_id:
        return
    if one.group.is_locked or two.group.is_locked:
        raise ValidationError(_("Unlock the group before changing it."), code="locked")
    groups = [one.group, two.group]
    one.group, two.group = groups[1], groups[0]
    one.role, two.role = two.role, one.role
    GroupMember.objects.bulk_update([one, two], ["group", "role"])
    _check_and_rescore(round_, groups, placing=[first, second], by=by)


def _check_and_rescore(
    round_: Round, groups: list[Group], *, placing: list[Person], by: Person | None
) -> None:
    # Checked after the change, inside the caller's transaction: a refusal rolls it back.
    program = round_.program
    options = options_for(program)
    ids = [list(group.memberships.values_list("person_id", flat=True)) for group in groups]
    member_lists = [[str(pk) for pk in members] for members in ids]
    # Only the people of the edited groups: a hand edit must not load a 10,000-person program.
    people = check_group_change(program, ids, placing=placing, by=by)
    if any(len(members) < 2 for members in member_lists):
        raise ValidationError(_("A group needs at least two members."), code="too_few_members")
    met = history_for(program, excluding=round_).met_before
    for group, members in zip(groups, member_lists, strict=True):
        score, reasons = engine.score_group(people, options, members, met)
        group.score = round(score, 3)
        group.reasons = [reason_to_json(reason) for reason in reasons]
        group.save(update_fields=["score", "reasons"])
