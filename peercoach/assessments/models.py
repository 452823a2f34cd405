"""Self-assessments: a short questionnaire a program's participants answer at its start and end.

The questionnaire and its statements are structure, written by whoever runs the program. A
`Response` and its `Answer`s are the participant's own: only they ever see them. Whoever runs the
program sees only means per statement, and only when enough people answered that no one can be
singled out (`peercoach.assessments.results`, rules in `peercoach/access/`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from peercoach.organisations.models import Person
from peercoach.programs.models import Program, ProgramStatus

SCORES = range(1, 6)
# The end assessment opens this long before the program's end date.
END_WINDOW = timedelta(weeks=3)


class Moment(models.TextChoices):
    START = "start", _("Start of the program")
    END = "end", _("End of the program")


def end_opens_on(program: Program) -> date:
    return program.ends_on - END_WINDOW


def open_moment(program: Program, today: date) -> Moment | None:
    """Which assessment a running program asks for today: the start one until the last three
    weeks, then the end one until its end date. None when the program is not running."""
    if program.status != ProgramStatus.RUNNING or today > program.ends_on:
        return None
    return Moment.END if today >= end_opens_on(program) else Moment.START


class Questionnaire(models.Model):
    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="questionnaire", verbose_name=_("program")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return str(self.program)


class Statement(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="statements"
    )
    order = models.PositiveIntegerField(default=0)
    text_nl = models.CharField(_("statement in Dutch"), max_length=300)
    text_en = models.CharField(_("statement in English"), max_length=300)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The statement in the active language (the other one if that is empty)."""
        if (get_language() or "").startswith("nl"):
            return self.text_nl or self.text_en
        return self.text_en or self.text_nl


class Response(models.Model):
    """One person's answers at one moment. Private: only `person` ever reads it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses"
    )
    moment = models.CharField(max_length=8, choices=Moment.choices)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "questionnaire", "moment"], name="assess_once_per_moment"
            )
        ]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # PROTECT: a statement someone answered is never deleted with its answers (editing locks).
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="answer_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_from_1_to_5"
            ),
        ]
