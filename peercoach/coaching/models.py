"""Coaching sessions of a group and what members write into them.

Everything written into a session (`Entry`, `ActionItem`) is confidential content: it is read only
through `peercoach.coaching.access`, which lets the members of the session's group see it and
nobody else.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peercoach.organisations.models import Person
from peercoach.programs.models import Group


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Took place")
    CANCELLED = "cancelled", _("Cancelled")


# A session counts as begun this long before its start time: the group may open the live
# facilitation while they gather, and may mark it held or record who took part from then on.
# Before that, "held" would be a statement about the future.
BEGINS_EARLY = timedelta(minutes=30)


class CoachingSession(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    # Optimistic concurrency for rescheduling: every change of time or place increments it, and
    # a form saved against an older version is refused instead of overwriting the newer one.
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d %H:%M}"

    def previous_in_group(self, among: models.QuerySet | None = None) -> CoachingSession | None:
        """The group's session before this one; of `among` (e.g. the sessions a viewer may
        read) when given."""
        sessions = CoachingSession.objects.all() if among is None else among
        return (
            sessions.filter(group_id=self.group_id, starts_at__lt=self.starts_at)
            .order_by("-starts_at")
            .first()
        )

    def roll(self) -> models.QuerySet:
        """The memberships this session's attendance speaks of: the members taking part, and a
        leaver only if their attendance was recorded before they left."""
        recorded = Attendance.objects.filter(session=self).values("person_id")
        return self.group.memberships.filter(
            models.Q(person__is_active=True) | models.Q(person_id__in=recorded)
        )

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def opens_at(self):
        """From when the session may be run live, marked held or its attendance recorded."""
        return self.starts_at - BEGINS_EARLY

    @property
    def has_begun(self) -> bool:
        return timezone.now() >= self.opens_at

    @property
    def is_upcoming(self) -> bool:
        return self.status == SessionStatus.PLANNED and self.ends_at >= timezone.now()


class Section(models.TextChoices):
    """The agenda of an intervision session, in order."""

    FOLLOW_UP = "follow_up", _("Follow-up of last time")
    WIN = "win", _("Check-in: a win")
    CHALLENGE = "challenge", _("Check-in: a challenge")
    OBJECTIVE = "objective", _("Objective")
    QUESTION = "question", _("Deep dive: question")
    FEEDBACK = "feedback", _("Deep dive: feedback")
    NOTE = "note", _("Note")


MAX_OBJECTIVES_PER_SESSION = 2


class Entry(models.Model):
    """One contribution by a member to a section of the session agenda."""

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="session_entries")
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session entry")
        verbose_name_plural = _("session entries")
        ordering = ["created_at", "pk"]


class ActionItem(models.Model):
    session = models.ForeignKey(
        CoachingSession, on_delete=models.CASCADE, related_name="action_items"
    )
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="action_items")
    created_by = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    text = models.CharField(_("action"), max_length=500)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["done_at", "due_on", "pk"]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        """Open and past its due date, in the organisation's time zone (the date the owner sees)."""
        return not self.is_done and self.due_on is not None and self.due_on < timezone.localdate()


class Attendance(models.Model):
    """Whether a member took part in a session: structure, so leads may see the counts."""

    session = models.ForeignKey(
        CoachingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once")
        ]
