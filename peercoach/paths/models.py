"""Learning paths: a program's sequence of steps that every participant follows at their own pace.

The path and its steps are structure, written by whoever runs the program. A `StepCompletion` is
the participant's own: that they did a step, and an optional note that only its writer ever reads.
Whoever runs the program sees only how many completed each step (`peercoach.paths.progress`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peercoach.growth.models import LibraryItem
from peercoach.methods.models import Activity
from peercoach.organisations.models import Person
from peercoach.programs.models import Program


def program_weeks(program: Program) -> int:
    """How many weeks a program runs: week N starts within [starts_on, ends_on]."""
    return max((program.ends_on - program.starts_on).days // 7 + 1, 1)


def week_starts_on(program: Program, week: int) -> date:
    return program.starts_on + timedelta(weeks=week - 1)


class LearningPath(models.Model):
    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="learning_path", verbose_name=_("program")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    def __str__(self) -> str:
        return str(self.program)


class StepKind(models.TextChoices):
    GOAL = "goal", _("Set a goal")
    ACTIVITY = "activity", _("Activity")
    READING = "reading", _("Reading")
    REFLECTION = "reflection", _("Reflection")
    SESSION = "session", _("Session")


class Step(models.Model):
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short description"), max_length=1000, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=StepKind.choices)
    week = models.PositiveSmallIntegerField(
        _("from week"), default=1, help_text=_("Week 1 is the week the program starts.")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity from the methods library"),
    )
    library_item = models.ForeignKey(
        LibraryItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item you shared in the library"),
    )
    url = models.URLField(_("or a link"), blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def opens_on(self, program: Program) -> date:
        return week_starts_on(program, self.week)

    def is_open(self, program: Program, today: date) -> bool:
        return self.opens_on(program) <= today


class StepCompletion(models.Model):
    """A participant did a step. The note is private: only `person` ever reads it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("private note"), max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "step"], name="complete_step_once")
        ]
