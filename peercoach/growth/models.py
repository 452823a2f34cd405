"""Growth: goals and their progress, balanced feedback, wins, a shared library, a journal.

Everything here is personal content. It is read only through `peercoach.access.growth`,
which applies `peercoach.access` plus the visibility the author chose.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peercoach.coaching.models import ActionItem, CoachingSession
from peercoach.methods.models import Activity
from peercoach.organisations.models import Person
from peercoach.programs.models import Group, Program

MAX_GROWTH_AREAS = 2


class GoalVisibility(models.TextChoices):
    PRIVATE = "private", _("Private: only me")
    GROUP = "group", _("Shared with my group")
    LEAD_STATUS = "lead_status", _("Private, but the program lead may see its status")


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Stopped")


class Goal(models.Model):
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals")
    # The group the goal was set in: "shared with my group" means this group.
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="goals")
    session = models.ForeignKey(
        CoachingSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("set in session"),
    )
    action_items = models.ManyToManyField(
        ActionItem, blank=True, related_name="goals", verbose_name=_("related action items")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("practise it with an activity"),
    )
    what = models.CharField(_("what do you want to achieve?"), max_length=300)
    metric = models.CharField(
        _("how will you measure it?"),
        max_length=200,
        blank=True,
        help_text=_("For example: client emails answered within a day, per week."),
    )
    baseline = models.DecimalField(
        _("where you are now"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    due_on = models.DateField(_("by when?"), null=True, blank=True)
    why = models.TextField(_("why does it matter to you?"), blank=True)
    visibility = models.CharField(
        _("who may see it?"),
        max_length=16,
        choices=GoalVisibility.choices,
        default=GoalVisibility.PRIVATE,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    achieved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return self.what

    @property
    def has_metric(self) -> bool:
        return self.target is not None

    def latest_value(self):
        update = self.updates.filter(value__isnull=False).order_by("-recorded_on", "-pk").first()
        return update.value if update else self.baseline


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2, null=True, blank=True)
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("milestone reached"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["recorded_on", "pk"]


class FeedbackRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class FeedbackRequest(models.Model):
    requester = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="feedback_requests_made"
    )
    recipient = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="feedback_requests_received",
        verbose_name=_("ask whom?"),
    )
    topic = models.CharField(_("feedback on what, specifically?"), max_length=300)
    status = models.CharField(
        max_length=16, choices=FeedbackRequestStatus.choices, default=FeedbackRequestStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.topic


class FeedbackContext(models.TextChoices):
    STANDALONE = "standalone", _("Standalone")
    SESSION = "session", _("In a coaching session")
    OBSERVATION = "observation", _("After observing them at work")
    ROLE_PLAY = "role_play", _("After a role play")


class Feedback(models.Model):
    """Balanced feedback: at least one strength, at most two growth areas framed as chances."""

    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback_given")
    receiver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback_received")
    session = models.ForeignKey(
        CoachingSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("session"),
    )
    context = models.CharField(
        _("on what?"),
        max_length=16,
        choices=FeedbackContext.choices,
        default=FeedbackContext.STANDALONE,
    )
    request = models.ForeignKey(
        FeedbackRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
    )
    strengths = models.JSONField(_("strengths"), default=list)
    growth_areas = models.JSONField(_("growth areas"), default=list, blank=True)
    helpful = models.BooleanField(_("helpful"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]

    def clean(self) -> None:
        if not [s for s in self.strengths if s.strip()]:
            raise ValidationError(_("Start with at least one strength."))
        if len(self.growth_areas) > MAX_GROWTH_AREAS:
            raise ValidationError(_("Give no more than two growth areas."))


class Win(models.Model):
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="wins")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="wins")
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="wins"
    )
    text = models.TextField(_("what went well?"))
    on_program_wall = models.BooleanField(
        _("also show it on the program wall"),
        default=False,
        help_text=_("Everyone in the program's groups can then see it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("win")
        verbose_name_plural = _("wins")
        ordering = ["-created_at", "-pk"]


class ReactionKind(models.TextChoices):
    CLAP = "clap", _("Applause")
    CHEER = "cheer", _("Cheers")
    INSPIRED = "inspired", _("Inspiring")


REACTION_SYMBOLS = {"clap": "👏", "cheer": "🎉", "inspired": "💡"}


class WinReaction(models.Model):
    win = models.ForeignKey(Win, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["win", "person", "kind"], name="react_once_per_kind")
        ]


class LibraryItem(models.Model):
    """A shared article, book or training material, for one group or a whole program."""

    shared_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shared_items")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="library_items"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="library_items"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="library/%Y/%m/", blank=True)
    # Kept so the organisation's total is one SUM, not a look at every file on disk.
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    why = models.TextField(_("why are you sharing it?"))
    session = models.ForeignKey(
        CoachingSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_items",
        verbose_name=_("session"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_items",
        verbose_name=_("goal"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__isnull=True) ^ models.Q(program__isnull=True),
                name="library_item_for_group_or_program",
            )
        ]

    def __str__(self) -> str:
        return self.title


class LibraryComment(models.Model):
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("how would you apply this in a real situation?"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


JOURNAL_PROMPTS = [
    _("What went really well?"),
    _("What would you try differently next time?"),
    _("What did you notice about how others reacted?"),
    _("If you could do one thing differently, what would it be?"),
]


class JournalEntry(models.Model):
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="journal_entries")
    prompt = models.CharField(_("prompt"), max_length=200, blank=True)
    text = models.TextField(_("reflection"))
    shared_in = models.ForeignKey(
        CoachingSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_journal_entries",
        verbose_name=_("shared in session"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-created_at", "-pk"]
