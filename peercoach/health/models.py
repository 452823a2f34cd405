"""How coaching goes, without a word of what was said.

- `Pulse`: one member's three scores (1–5) after a held session, plus a note to themselves.
  Private: the member reads their own, the group sees averages only (`peercoach.access.health`).
- `MatchFit`: after a first session together, whether a member thinks the match works. A "no"
  reaches the program's leads as "this group asks for a re-match", never who said it.
- `Absence`: a pause for a period (no reminders, not matched in rounds starting then) or a
  withdrawal from a program.
- `RatherNot`: someone a participant would rather not be matched with. Private to the person who
  named them: matching keeps the two apart (both ways), and nobody else ever learns it.
- `SurveyAnswer`: at the end of a program, would you recommend it (0–10) and what did it bring
  you. The text is its author's alone; whoever runs the program sees counts and averages only.
- `CommitmentCheck`: the owner's answer to "did you do it?" on an action item's due date,
  given through a signed single-use link.
"""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peercoach.coaching.models import ActionItem, CoachingSession
from peercoach.organisations.models import Person
from peercoach.programs.models import Group, Program

SCORE = [MinValueValidator(1), MaxValueValidator(5)]

# The three statements of a pulse, in the order they are asked: (field, statement).
STATEMENTS = [
    ("forward", _("This session helped me move forward.")),
    ("freely", _("I could speak freely.")),
    ("listened", _("We listened more than we advised.")),
]
STATEMENT_FIELDS = [name for name, _label in STATEMENTS]


class Pulse(models.Model):
    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="pulses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pulses")
    forward = models.PositiveSmallIntegerField(validators=SCORE)
    freely = models.PositiveSmallIntegerField(validators=SCORE)
    listened = models.PositiveSmallIntegerField(validators=SCORE)
    note = models.TextField(_("note to yourself"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="pulse_once_per_session")
        ]

    @property
    def mean(self) -> float:
        return (self.forward + self.freely + self.listened) / 3


class MatchFit(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="match_fits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_fits")
    works = models.BooleanField()
    # Set when a lead re-matched the group: the request is dealt with.
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="match_fit_once_per_group")
        ]


class AbsenceKind(models.TextChoices):
    PAUSE = "pause", pgettext_lazy("absence", "Pause")
    WITHDRAWAL = "withdrawal", _("Withdrawal")


class Absence(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="absences")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(max_length=16, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("from"))
    # Last day of a pause; empty for a withdrawal.
    ends_on = models.DateField(_("until"), null=True, blank=True)
    # The group they were in when they withdrew (its members were told), for the at-risk list.
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]


class CommitmentAnswer(models.TextChoices):
    DONE = "done", _("Done")
    PARTLY = "partly", _("Partly")
    NOT_YET = "not_yet", _("Not yet")


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class CommitmentCheck(models.Model):
    item = models.OneToOneField(ActionItem, on_delete=models.CASCADE, related_name="commitment")
    # Part of the signed link: the link works once, for this due date's question only.
    nonce = models.CharField(max_length=32, default=new_nonce)
    due_on = models.DateField()
    answer = models.CharField(max_length=16, choices=CommitmentAnswer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class RatherNot(models.Model):
    """`person` would rather not be matched with `other` (same organisation). Read only by
    `person` (`peercoach.access.health`) and, as anonymous blocked pairs, by matching."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rather_not")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="rather_not_once"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="rather_not_self"
            ),
        ]


class SurveyAnswer(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="survey_answers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_answers")
    recommend = models.PositiveSmallIntegerField(
        _("how likely are you to recommend this program to a colleague?"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    brought = models.TextField(
        _("what did it bring you? (optional, only you read it)"), blank=True, max_length=2000
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="survey_once_per_program")
        ]
