"""Intervision methods and activities (library data) and how a session runs one (session content).

Library: `Method` with its `Phase`s, `Activity` with its `Scenario`s. They ship as data
(`peercoach.methods.library`, loaded by a data migration), admins edit them in Django admin and an
organisation may add its own (`organisation` set). Every text exists in Dutch and English
(`*_nl`, `*_en`); the plain attribute (`phase.name`) gives the active language.

Session content: `SessionRun` (which method, which phase now), `SessionRole`, `Contribution`,
`Insight`, `FollowUpDecision`. Like the agenda, it is visible only to the members of the session's
group: views reach it through a session fetched with
`peercoach.access.get_session_with_content_for`.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from peercoach.coaching.models import ActionItem, CoachingSession
from peercoach.organisations.models import Organisation, Person
from peercoach.programs.models import Program


class Translated:
    """`obj.name` reads `obj.name_nl` or `obj.name_en` depending on the active language."""

    def __set_name__(self, owner, name: str) -> None:
        self.field = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        language = "nl" if (get_language() or "").startswith("nl") else "en"
        return getattr(obj, f"{self.field}_{language}") or getattr(obj, f"{self.field}_en")


class LibraryQuerySet(models.QuerySet):
    def available_to(self, organisation: Organisation | int | None):
        """The shared library plus the organisation's own additions."""
        organisation_id = getattr(organisation, "pk", organisation)
        shared_or_own = Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
        return self.filter(shared_or_own, is_active=True)


class Method(models.Model):
    key = models.SlugField(_("key"), max_length=60)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="methods",
        verbose_name=_("organisation"),
        help_text=_("Empty for the shared library; set for a method of one organisation only."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"))
    is_for_pairs = models.BooleanField(_("suits pairs"), default=False)
    is_for_groups = models.BooleanField(_("suits groups"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    name = Translated()
    description = Translated()

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervision method")
        verbose_name_plural = _("intervision methods")
        ordering = ["order", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="method_key_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def total_minutes(self) -> int:
        return sum(phase.minutes for phase in self.phases.all())


class PhaseKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up of last time")
    CHECK_IN = "check_in", _("Check-in")
    GOAL = "goal", _("Goal or objective")
    CASE = "case", _("Case")
    QUESTIONS = "questions", _("Questions")
    ANALYSIS = "analysis", _("Analysis")
    ADVICE = "advice", _("Advice")
    REFLECTION = "reflection", _("Reflection")
    ACTION_PLAN = "action_plan", _("Action plan")
    EVALUATION = "evaluation", _("Evaluation")


# Phases in which members write questions, advice and observations that the tally counts.
CONTRIBUTION_PHASES = {
    PhaseKind.QUESTIONS,
    PhaseKind.ANALYSIS,
    PhaseKind.ADVICE,
    PhaseKind.REFLECTION,
}


class Phase(models.Model):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=PhaseKind.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    guidance_nl = models.TextField(_("guidance (Dutch)"))
    guidance_en = models.TextField(_("guidance (English)"))
    who_speaks_nl = models.CharField(_("who speaks (Dutch)"), max_length=300)
    who_speaks_en = models.CharField(_("who speaks (English)"), max_length=300)
    allowed_nl = models.CharField(_("what is allowed (Dutch)"), max_length=300)
    allowed_en = models.CharField(_("what is allowed (English)"), max_length=300)
    write_down_nl = models.CharField(_("what to write down (Dutch)"), max_length=300)
    write_down_en = models.CharField(_("what to write down (English)"), max_length=300)

    name = Translated()
    guidance = Translated()
    who_speaks = Translated()
    allowed = Translated()
    write_down = Translated()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["method", "order"]
        constraints = [
            models.UniqueConstraint(fields=["method", "order"], name="phase_order_per_method")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def takes_contributions(self) -> bool:
        return self.kind in CONTRIBUTION_PHASES


class ActivityKind(models.TextChoices):
    GOAL_SETTING = "goal_setting", _("Goal-setting exercise")
    REFLECTION = "reflection", _("Reflection prompts")
    OBSERVATION = "observation", _("Observation and feedback")
    ROLE_PLAY = "role_play", _("Role play")
    CROSS_TRAINING = "cross_training", _("Cross-training exchange")


class Activity(models.Model):
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=30)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"))
    prompts_nl = models.JSONField(_("steps or prompts (Dutch)"), default=list)
    prompts_en = models.JSONField(_("steps or prompts (English)"), default=list)
    result_nl = models.CharField(_("result (Dutch)"), max_length=300)
    result_en = models.CharField(_("result (English)"), max_length=300)
    is_active = models.BooleanField(_("active"), default=True)

    name = Translated()
    description = Translated()
    prompts = Translated()
    result = Translated()

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="activity_key_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Scenario(models.Model):
    """A role-play situation with a brief for each of the two roles."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="scenarios")
    order = models.PositiveSmallIntegerField(_("order"))
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    situation_nl = models.TextField(_("situation (Dutch)"))
    situation_en = models.TextField(_("situation (English)"))
    role_a_nl = models.CharField(_("first role (Dutch)"), max_length=100)
    role_a_en = models.CharField(_("first role (English)"), max_length=100)
    brief_a_nl = models.TextField(_("brief for the first role (Dutch)"))
    brief_a_en = models.TextField(_("brief for the first role (English)"))
    role_b_nl = models.CharField(_("second role (Dutch)"), max_length=100)
    role_b_en = models.CharField(_("second role (English)"), max_length=100)
    brief_b_nl = models.TextField(_("brief for the second role (Dutch)"))
    brief_b_en = models.TextField(_("brief for the second role (English)"))

    title = Translated()
    situation = Translated()
    role_a = Translated()
    brief_a = Translated()
    role_b = Translated()
    brief_b = Translated()

    class Meta:
        verbose_name = _("role-play scenario")
        verbose_name_plural = _("role-play scenarios")
        ordering = ["activity", "order"]

    def __str__(self) -> str:
        return self.title


class ProgramMethod(models.Model):
    """The method a program's sessions use unless the group picks another."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="default_method")
    method = models.ForeignKey(Method, on_delete=models.PROTECT, verbose_name=_("method"))

    class Meta:
        verbose_name = _("default method of a program")
        verbose_name_plural = _("default methods of programs")


class SessionRun(models.Model):
    """How a session follows its method: the phase everyone in the group sees now."""

    session = models.OneToOneField(CoachingSession, on_delete=models.CASCADE, related_name="run")
    method = models.ForeignKey(Method, on_delete=models.PROTECT, verbose_name=_("method"))
    phase_index = models.PositiveSmallIntegerField(default=0)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    @property
    def is_started(self) -> bool:
        return self.started_at is not None

    @property
    def is_running(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    def phase_list(self) -> list[Phase]:
        if not hasattr(self, "_phases"):
            self._phases = list(self.method.phases.all())
        return self._phases

    @property
    def current_phase(self) -> Phase | None:
        phases = self.phase_list()
        if not phases:
            return None
        return phases[min(self.phase_index, len(phases) - 1)]

    def seconds_left_in_phase(self, now=None) -> int | None:
        phase = self.current_phase
        if not self.is_running or phase is None or self.phase_started_at is None:
            return None
        end = self.phase_started_at + timedelta(minutes=phase.minutes)
        return int((end - (now or timezone.now())).total_seconds())

    def elapsed_seconds(self, now=None) -> int:
        if self.started_at is None:
            return 0
        return int(((self.ended_at or now or timezone.now()) - self.started_at).total_seconds())


class SessionRoleName(models.TextChoices):
    CASE_BRINGER = "case_bringer", _("Case-bringer")
    FACILITATOR = "facilitator", _("Facilitator")
    TIMEKEEPER = "timekeeper", _("Timekeeper")
    OBSERVER = "observer", _("Observer")
    MEMBER = "member", _("Group member")
    COACH = "coach", _("Coach")
    COACHEE = "coachee", _("Coachee")


class SessionRole(models.Model):
    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="session_roles")
    role = models.CharField(_("role"), max_length=16, choices=SessionRoleName.choices)

    class Meta:
        verbose_name = _("session role")
        verbose_name_plural = _("session roles")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_role_per_session")
        ]


class ContributionKind(models.TextChoices):
    QUESTION = "question", _("Question")
    ADVICE = "advice", _("Advice")
    OBSERVATION = "observation", _("Observation")


class Contribution(models.Model):
    """A question, piece of advice or observation said in a phase; the tally counts them."""

    session = models.ForeignKey(
        CoachingSession, on_delete=models.CASCADE, related_name="contributions"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contributions")
    phase = models.ForeignKey(Phase, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ContributionKind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Insight(models.Model):
    """A spontaneous insight that does not belong to a phase."""

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="insights")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="insights")
    text = models.TextField(_("insight"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class FollowUpChoice(models.TextChoices):
    CARRY_OVER = "carry_over", _("Carried over")
    CLOSE = "close", _("Closed")
    DROP = "drop", _("Dropped")


class FollowUpDecision(models.Model):
    """What the group decided about an unfinished action item of a previous session."""

    item = models.OneToOneField(ActionItem, on_delete=models.CASCADE, related_name="follow_up")
    decided_in = models.ForeignKey(
        CoachingSession, on_delete=models.CASCADE, related_name="follow_up_decisions"
    )
    decided_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("decision"), max_length=16, choices=FollowUpChoice.choices)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    carried_to = models.ForeignKey(
        ActionItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
