"""The newcomer of the authorization world: `newcomer` joins `world.group` after everything
else was written, through the product's own "add a member" (by the admin, not by a lead who
runs the program), with content before the join in every kind a group shares.

Besides the content the world already holds (entries and action items of the past and the
upcoming session, contributions, insights, a follow-up decision, a group-shared goal with its
progress, a group win, a group library item with its discussion, a journal entry shared into the
session), this adds content shared with the whole program: a win on the program wall with a
reaction and a program library item with a comment. Those are marked with `BEFORE_JOIN`, not the
world's sentinel, because the other group of the program may read them.

`assert_nothing_written_before_a_join_is_visible(person)` is the property every scenario ends
with: of everything the access rules let the person read, nothing was written in a group (or
program) before they joined it.
"""

from __future__ import annotations

import time

from django.db.models import Min, Q

from peercoach import access
from peercoach.growth.models import LibraryComment, LibraryItem, Win, WinReaction
from peercoach.programs.models import GroupMember
from peercoach.running import actions

BEFORE_JOIN = "BEFORE-JOIN-4d1c"


def add_newcomer(world) -> None:
    from tests import factories

    win = Win.objects.create(
        author=world.member, group=world.group, text=f"{BEFORE_JOIN} wall win", on_program_wall=True
    )
    WinReaction.objects.create(win=win, person=world.other_member, kind="clap")
    item = LibraryItem.objects.create(
        shared_by=world.member,
        program=world.program,
        title=f"{BEFORE_JOIN} program item",
        url="https://example.com/program",
        why=f"{BEFORE_JOIN} why",
    )
    LibraryComment.objects.create(item=item, author=world.member, text=f"{BEFORE_JOIN} comment")
    newcomer = factories.make_person(world.org, "Nia Newcomer")
    actions.do_enrol(world.program, [newcomer])
    time.sleep(0.002)  # joined strictly after the last row above was written
    actions.do_add_member(world.group, newcomer, world.admin)
    world.people["newcomer"] = newcomer


def _joins(person) -> tuple[dict[int, object], dict[int, object]]:
    """When the person joined each group, and (earliest) each program; None for founders."""
    memberships = GroupMember.objects.filter(person=person)
    groups = dict(memberships.values_list("group_id", "joined_at"))
    programs: dict[int, object] = {}
    for program_id, joined_at in memberships.values_list("group__program_id", "joined_at"):
        if program_id not in programs or joined_at is None:
            programs[program_id] = joined_at
        elif programs[program_id] is not None:
            programs[program_id] = min(programs[program_id], joined_at)
    return groups, programs


def assert_nothing_written_before_a_join_is_visible(person) -> None:
    groups, programs = _joins(person)

    def after_join(group_id, created_at, what) -> None:
        joined = groups.get(group_id)
        assert joined is None or created_at >= joined, f"{what} written before the join"

    for entry in access.entries_visible_to(person).select_related("session"):
        after_join(entry.session.group_id, entry.created_at, f"entry {entry.pk}")
    for item in access.action_items_visible_to(person).select_related("session"):
        after_join(item.session.group_id, item.created_at, f"action item {item.pk}")
    for said in access.contributions_visible_to(person).select_related("session"):
        after_join(said.session.group_id, said.created_at, f"contribution {said.pk}")
    for insight in access.insights_visible_to(person).select_related("session"):
        after_join(insight.session.group_id, insight.created_at, f"insight {insight.pk}")
    for goal in access.goals_visible_to(person).exclude(owner=person):
        after_join(goal.group_id, goal.created_at, f"goal {goal.pk}")
        first_update = goal.updates.aggregate(first=Min("created_at"))["first"]
        if first_update is not None:
            after_join(goal.group_id, first_update, f"progress of goal {goal.pk}")
    for entry in access.journal_entries_visible_to(person).exclude(author=person):
        after_join(entry.shared_in.group_id, entry.created_at, f"journal entry {entry.pk}")
    for win in access.wins_visible_to(person).select_related("group"):
        joined = programs.get(win.group.program_id) if win.on_program_wall else None
        if win.on_program_wall and win.group_id not in groups:
            assert joined is None or win.created_at >= joined, f"wall win {win.pk}"
        elif not win.on_program_wall:
            after_join(win.group_id, win.created_at, f"win {win.pk}")
        for reaction in win.reactions.all():
            assert reaction.created_at >= win.created_at
    shared = access.library_items_visible_to(person).filter(
        Q(group__isnull=False) | Q(program__isnull=False)
    )
    for item in shared.exclude(shared_by=person):
        if item.group_id is not None:
            after_join(item.group_id, item.created_at, f"library item {item.pk}")
        else:
            joined = programs.get(item.program_id)
            assert joined is None or item.created_at >= joined, f"program item {item.pk}"
