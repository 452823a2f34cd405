"""Who sees which growth content (goals, feedback, wins, library, journal). Views use only these
functions.

- Goals: the owner always; the owner's group when the goal is shared with the group; a lead
  (or admin) who runs the program sees, for goals whose owner allowed it, only counts by status
  (`goal_status_counts`), never the goal itself. Only the owner edits or deletes a goal or
  records its progress (`get_own_goal_for`).
- Feedback: giver and receiver only. Feedback requests: who asked and who was asked.
- Wins: the members of the win's group; opted-in wins also the members of the program's groups.
- Library: group items for the group's members, program items for the members of the
  program's groups. Members share with their group or their programs; a lead (or admin) who
  runs a program shares with it too (`program_to_share_with`) and then sees the items they
  shared there, but never what members shared, nor the members' discussion of any item
  (`can_discuss`).
- Journal: the author; an entry shared into a session also the members of that session's group.

Someone who joined a group later reads, of everything above that is shared with the group or
the program, only what was written from the moment they joined: goals (with their progress),
wins (with their reactions), library items (with their discussion) and shared journal entries
created before the join stay closed to them (`access.core.written_while_member`). Reactions and
comments are written after the win or item they belong to, so they follow it.

Managers see nothing of their reports here, and other organisations get 404.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from peercoach.access import core
from peercoach.access.reports import may_show_count, may_show_figures, people_taking_part
from peercoach.growth.models import (
    Feedback,
    FeedbackRequest,
    Goal,
    GoalStatus,
    GoalVisibility,
    JournalEntry,
    LibraryItem,
    Win,
)
from peercoach.organisations.models import Person
from peercoach.programs.models import Group, Program

_get_or_404 = core.get_or_404


def _my_groups(person: Person) -> QuerySet:
    return core.groups_of(person).values("pk")


def _my_programs(person: Person) -> QuerySet:
    return core.groups_of(person).values("program_id")


def group_for_member(person: Person, pk: int) -> Group:
    """A group the person is a member of: where they may write goals, wins and items."""
    return _get_or_404(core.groups_of(person).select_related("program"), pk)


def program_for_member(person: Person, pk: int) -> Program:
    return _get_or_404(Program.objects.filter(pk__in=_my_programs(person)), pk)


# Goals


def goals_visible_to(person: Person) -> QuerySet[Goal]:
    shared_since_joined = Q(
        core.written_while_member(person, group="group_id"),
        visibility=GoalVisibility.GROUP,
        group__in=_my_groups(person),
    )
    return Goal.objects.filter(
        Q(owner=person) | shared_since_joined,
        owner__organisation_id=person.organisation_id,
    )


def get_goal_for(person: Person, pk: int) -> Goal:
    return _get_or_404(
        goals_visible_to(person).select_related("owner", "group__program", "activity"), pk
    )


def get_own_goal_for(person: Person, pk: int) -> Goal:
    """Only the owner edits or deletes a goal or records its progress.

    Not fellow members (even of a shared goal), leads, admins or managers: for them it is 404.
    """
    return _get_or_404(Goal.objects.filter(owner=person).select_related("group__program"), pk)


def goal_status_counts(
    person: Person, program: Program, taking_part: int | None = None
) -> dict[str, int | None]:
    """For a lead of `program`: how many goals per status, of owners who allowed it.

    A count is None (held back) when the goals with that status belong to too few people to
    keep them apart (`may_show_count`), and every count is when too few people take
    part in the program (`may_show_figures`; `taking_part`: their number if the caller has
    counted them already).
    """
    if not core.runs(person, program):
        raise Http404
    rows = (
        Goal.objects.filter(group__program=program, visibility=GoalVisibility.LEAD_STATUS)
        .values("status")
        .annotate(n=Count("pk"), owners=Count("owner_id", distinct=True))
    )
    counts: dict[str, int | None] = {status: 0 for status in GoalStatus.values}
    counts.update(
        {row["status"]: row["n"] if may_show_count(row["owners"]) else None for row in rows}
    )
    if taking_part is None:
        taking_part = people_taking_part(program)
    if not may_show_figures(taking_part):
        counts = dict.fromkeys(counts)
    return counts


# Feedback


def feedback_visible_to(person: Person) -> QuerySet[Feedback]:
    return Feedback.objects.filter(Q(giver=person) | Q(receiver=person))


def get_feedback_for(person: Person, pk: int) -> Feedback:
    return _get_or_404(
        feedback_visible_to(person).select_related("giver", "receiver", "session"), pk
    )


def get_received_feedback_for(person: Person, pk: int) -> Feedback:
    """Only the receiver marks feedback helpful or replies to it."""
    return _get_or_404(Feedback.objects.filter(receiver=person), pk)


def colleagues_of(person: Person) -> QuerySet[Person]:
    """Whom one may give feedback to or ask for it: active people of the same organisation."""
    return (
        Person.objects.filter(organisation_id=person.organisation_id, is_active=True)
        .exclude(pk=person.pk)
        .exclude(user__isnull=True)
    )


def feedback_requests_visible_to(person: Person) -> QuerySet[FeedbackRequest]:
    return FeedbackRequest.objects.filter(Q(requester=person) | Q(recipient=person))


def get_request_to_answer(person: Person, pk: int) -> FeedbackRequest:
    return _get_or_404(
        FeedbackRequest.objects.filter(recipient=person).select_related("requester"), pk
    )


# Wins


def wins_visible_to(person: Person) -> QuerySet[Win]:
    return Win.objects.filter(
        Q(core.written_while_member(person, group="group_id"), group__in=_my_groups(person))
        | Q(
            core.written_while_in_program(person, program="group__program_id"),
            on_program_wall=True,
            group__program__in=_my_programs(person),
        )
    )


def get_win_for(person: Person, pk: int) -> Win:
    return _get_or_404(wins_visible_to(person), pk)


# Library


def _library_items_as_member(person: Person) -> Q:
    return Q(core.written_while_member(person, group="group_id"), group__in=_my_groups(person)) | Q(
        core.written_while_in_program(person, program="program_id"),
        program__in=_my_programs(person),
    )


def library_items_visible_to(person: Person) -> QuerySet[LibraryItem]:
    # Whoever runs a program sees what they themselves shared with it, nothing members shared.
    shared_as_runner = Q(shared_by=person, program__in=core.programs_run_by(person))
    return LibraryItem.objects.filter(_library_items_as_member(person) | shared_as_runner)


def get_library_item_for(person: Person, pk: int) -> LibraryItem:
    return _get_or_404(library_items_visible_to(person).select_related("shared_by"), pk)


def can_discuss(person: Person, item: LibraryItem) -> bool:
    """The discussion under an item is the members': only they read and add comments."""
    return LibraryItem.objects.filter(_library_items_as_member(person), pk=item.pk).exists()


def get_library_item_to_discuss(person: Person, pk: int) -> LibraryItem:
    item = get_library_item_for(person, pk)
    if not can_discuss(person, item):
        raise Http404
    return item


def programs_to_share_with(person: Person) -> QuerySet[Program]:
    """Programs whose library the person may add to: as a member of one of its groups, or
    as its lead (or an admin) running it."""
    return Program.objects.filter(
        Q(pk__in=_my_programs(person)) | Q(pk__in=core.programs_run_by(person).values("pk"))
    )


def program_to_share_with(person: Person, pk: int) -> Program:
    return _get_or_404(programs_to_share_with(person), pk)


# Journal


def journal_entries_visible_to(person: Person) -> QuerySet[JournalEntry]:
    shared = core.sessions_with_content_for(person).values("pk")
    return JournalEntry.objects.filter(
        Q(author=person)
        | Q(
            core.written_while_member(person, group="shared_in__group_id"),
            shared_in__in=shared,
        )
    )


def get_own_journal_entry(person: Person, pk: int) -> JournalEntry:
    return _get_or_404(JournalEntry.objects.filter(author=person), pk)


def sessions_to_share_in(person: Person):
    return core.sessions_with_content_for(person).select_related("group")


def session_to_share_in(person: Person, pk: int | None):
    """One of the person's own sessions (feedback given from it), or None for any other id:
    someone else's session is not preselected and says nothing about itself."""
    if pk is None:
        return None
    return sessions_to_share_in(person).filter(pk=pk).first()


def partner_in(person: Person, session) -> int | None:
    """The other member of the person's pair session, whom feedback from it is for; None in a
    group of more (the giver chooses) or when that partner cannot receive feedback."""
    others = list(
        colleagues_of(person)
        .filter(group_memberships__group_id=session.group_id)
        .values_list("pk", flat=True)[:2]
    )
    return others[0] if len(others) == 1 else None


def goals_sessions_for(person: Person, group: Group):
    """Sessions of `group` the person may link content to."""
    return core.sessions_with_content_for(person).filter(group=group)


def action_items_to_link(person: Person, group: Group):
    """The person's own action items agreed in `group`'s sessions."""
    return core.action_items_visible_to(person).filter(session__group=group, owner=person)
