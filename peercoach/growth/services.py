"""Operations on growth content that touch more than one object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from peercoach import access
from peercoach.notifications.actions import queue_feedback_received, queue_feedback_request
from peercoach.organisations.models import Person
from peercoach.programs.models import Cadence

from .models import (
    Feedback,
    FeedbackRequest,
    FeedbackRequestStatus,
    Goal,
    GoalStatus,
    LibraryComment,
    LibraryItem,
    Milestone,
    ProgressUpdate,
    Win,
    WinReaction,
)


@dataclass
class GoalProgress:
    goal: Goal
    updates: list[ProgressUpdate] = field(default_factory=list)
    value_before: Decimal | None = None
    value_now: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        if self.value_before is None or self.value_now is None:
            return None
        return self.value_now - self.value_before


def progress_since(person: Person, since: datetime | date, group=None) -> list[GoalProgress]:
    """Progress on the goals `person` may see, recorded on or after `since`.

    For the start of a session: "what progress have you made since our last conversation?".
    Pass `group` to keep to the goals set in that group.
    """
    since_day = timezone.localdate(since) if isinstance(since, datetime) else since
    goals = access.goals_visible_to(person).select_related("owner")
    if group is not None:
        goals = goals.filter(group=group)
    goals = goals.filter(updates__recorded_on__gte=since_day).distinct()
    result = []
    for goal in goals.prefetch_related("updates__milestone"):
        all_updates = list(goal.updates.all())
        before = [u for u in all_updates if u.recorded_on < since_day and u.value is not None]
        recent = [u for u in all_updates if u.recorded_on >= since_day]
        values = [u.value for u in recent if u.value is not None]
        result.append(
            GoalProgress(
                goal=goal,
                updates=recent,
                value_before=before[-1].value if before else goal.baseline,
                value_now=values[-1] if values else None,
            )
        )
    return sorted(result, key=lambda p: (p.goal.owner.name, p.goal.pk))


@transaction.atomic
def do_create_goal(goal: Goal, milestones: list[str], action_items=()) -> Goal:
    goal.save()
    goal.action_items.set(action_items)
    Milestone.objects.bulk_create(
        Milestone(goal=goal, title=title, order=number) for number, title in enumerate(milestones)
    )
    return goal


@transaction.atomic
@transaction.atomic
def do_update_goal(goal: Goal, milestones: list[str], action_items=None) -> Goal:
    """Save an edited goal. Milestones keep their progress where the title stayed the same;
    ones no longer listed are removed (their progress notes stay, without the milestone).
    `action_items` None leaves the links as they are."""
    goal.save()
    if action_items is not None:
        goal.action_items.set(action_items)
    existing = list(goal.milestones.all())
    kept = []
    for number, title in enumerate(milestones):
        milestone = next((m for m in existing if m.title == title and m not in kept), None)
        if milestone is None:
            milestone = Milestone(goal=goal, title=title)
        milestone.order = number
        milestone.save()
        kept.append(milestone)
    goal.milestones.exclude(pk__in=[m.pk for m in kept]).delete()
    return goal


def do_record_progress(update: ProgressUpdate) -> bool:
    """Save the update; returns True when it reaches the goal (target or last milestone)."""
    update.save()
    goal = update.goal
    if update.milestone_id and update.milestone.reached_on is None:
        Milestone.objects.filter(pk=update.milestone_id).update(reached_on=update.recorded_on)
    reached = False
    if goal.target is not None and update.value is not None:
        rising = goal.baseline is None or goal.target >= goal.baseline
        reached = update.value >= goal.target if rising else update.value <= goal.target
    elif goal.milestones.exists():
        reached = not goal.milestones.filter(reached_on__isnull=True).exists()
    if reached and goal.status == GoalStatus.ACTIVE:
        do_set_status(goal, GoalStatus.ACHIEVED)
    return reached


def do_set_status(goal: Goal, status: str) -> None:
    goal.status = status
    goal.achieved_at = timezone.now() if status == GoalStatus.ACHIEVED else None
    goal.save(update_fields=["status", "achieved_at"])


def next_update_on(goal: Goal, updates: list[ProgressUpdate]) -> date | None:
    """When the next progress update is due: the program's cadence after the last one."""
    if goal.status != GoalStatus.ACTIVE:
        return None
    last = updates[-1].recorded_on if updates else timezone.localdate(goal.created_at)
    return last + Cadence(goal.group.program.cadence).period


def do_toggle_reaction(win: Win, person: Person, kind: str) -> None:
    """Add the person's reaction of this kind to the win, or take it back when it was there."""
    reaction, created = WinReaction.objects.get_or_create(win=win, person=person, kind=kind)
    if not created:
        reaction.delete()


def do_comment(item: LibraryItem, person: Person, text: str) -> LibraryComment:
    return LibraryComment.objects.create(item=item, author=person, text=text)


@transaction.atomic
def do_give_feedback(feedback: Feedback, *, answering: FeedbackRequest | None) -> Feedback:
    """Save `feedback` (its giver set by the caller), close the request it answers, and tell the
    receiver: all three or none."""
    feedback.request = answering
    feedback.save()
    if answering is not None:
        answering.status = FeedbackRequestStatus.ANSWERED
        answering.save(update_fields=["status"])
    queue_feedback_received(feedback.pk, feedback.receiver_id)
    return feedback


@transaction.atomic
def do_request_feedback(feedback_request: FeedbackRequest) -> FeedbackRequest:
    """Save the request (its requester set by the caller) and tell the colleague asked."""
    feedback_request.save()
    queue_feedback_request(feedback_request.pk, feedback_request.recipient_id)
    return feedback_request
