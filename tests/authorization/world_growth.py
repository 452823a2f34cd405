"""Growth content in the authorization world, all of it by or for `world.member`:

a private goal, a group-shared goal and a lead-status-only goal (each with progress and a
milestone), feedback from the fellow to the member answering the member's request, a group win
(not on the program wall), a group library item with a comment, and a private journal entry plus
one shared into `world.session`. Every text holds the sentinel.

Creating one's own goal, feedback or journal entry is not intrusion, so `post_data` fills only
the fields that would write into the member's objects (replies, comments, reactions, progress,
and a complete goal edit, so `growth:goal_edit` would change the goal if its check were missing;
`growth:goal_delete` deletes on any POST). The library form is deliberately left empty: a lead
may share with the program they run, which is not intrusion either. The journal form is
prefixed ("journal-text"), so the shared intruder "text" does not fill it.
"""

from __future__ import annotations

from datetime import date, timedelta

from peercoach.growth.models import (
    Feedback,
    FeedbackRequest,
    Goal,
    GoalVisibility,
    JournalEntry,
    LibraryComment,
    LibraryItem,
    Milestone,
    ProgressUpdate,
    Win,
    WinReaction,
)
from tests.authorization.world import SENTINEL

CONTENT_MODELS = [
    Goal,
    Milestone,
    ProgressUpdate,
    Feedback,
    FeedbackRequest,
    Win,
    WinReaction,
    LibraryItem,
    LibraryComment,
    JournalEntry,
]


def extend(world) -> dict[str, int]:
    goals = {}
    for visibility in GoalVisibility.values:
        goal = Goal.objects.create(
            owner=world.member,
            group=world.group,
            what=f"{SENTINEL} goal {visibility}",
            metric=f"{SENTINEL} metric",
            baseline=2,
            target=5,
            due_on=date.today() + timedelta(days=60),
            why=f"{SENTINEL} why",
            visibility=visibility,
        )
        Milestone.objects.create(goal=goal, title=f"{SENTINEL} milestone")
        ProgressUpdate.objects.create(
            goal=goal, value=3, note=f"{SENTINEL} progress", recorded_on=date.today()
        )
        goals[visibility] = goal
    feedback_request = FeedbackRequest.objects.create(
        requester=world.member, recipient=world.fellow, topic=f"{SENTINEL} request"
    )
    feedback = Feedback.objects.create(
        giver=world.fellow,
        receiver=world.member,
        session=world.session,
        request=feedback_request,
        strengths=[f"{SENTINEL} strength"],
        growth_areas=[f"{SENTINEL} growth"],
        reply=f"{SENTINEL} reply",
    )
    win = Win.objects.create(
        author=world.member,
        group=world.group,
        goal=goals[GoalVisibility.GROUP],
        text=f"{SENTINEL} win",
    )
    item = LibraryItem.objects.create(
        shared_by=world.member,
        group=world.group,
        title=f"{SENTINEL} title",
        url="https://example.com/article",
        why=f"{SENTINEL} why shared",
    )
    LibraryComment.objects.create(item=item, author=world.member, text=f"{SENTINEL} comment")
    private_entry = JournalEntry.objects.create(
        author=world.member, prompt=f"{SENTINEL} prompt", text=f"{SENTINEL} journal"
    )
    JournalEntry.objects.create(
        author=world.member, text=f"{SENTINEL} shared journal", shared_in=world.session
    )
    return {
        "goal_pk": goals[GoalVisibility.GROUP].pk,
        "feedback_pk": feedback.pk,
        "request_pk": feedback_request.pk,
        "win_pk": win.pk,
        "libitem_pk": item.pk,
        "journal_pk": private_entry.pk,
    }


def post_data(world) -> dict:
    return {
        "value": "4",
        "note": "INTRUDER",
        "status": "achieved",
        "helpful": "yes",
        "reply": "INTRUDER",
        "kind": "clap",
        "session": world.session.pk,
        # A valid goal edit (with "save anyway" past the goal helper), aimed at the member's goal.
        "what": "INTRUDER",
        "visibility": GoalVisibility.PRIVATE,
        "save_anyway": "on",
    }
