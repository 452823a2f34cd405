"""Programs, who is enrolled, and the groups (pairs are groups of two) they meet in."""

from __future__ import annotations

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from peercoach.lib.ordering import NAME_KEY_LENGTH, natural_sort_key
from peercoach.organisations.models import Organisation, Person


class Format(models.TextChoices):
    PAIRS = "pairs", _("Pairs")
    GROUPS = "groups", _("Intervision groups")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")

    @property
    def period(self) -> timedelta:
        """How long one period lasts, for nudges and progress updates (a month counts 30 days)."""
        return timedelta(days={"weekly": 7, "biweekly": 14, "monthly": 30}[self.value])

    @property
    def step(self) -> relativedelta:
        """From one session of a series to the next (a month is a calendar month)."""
        return {
            "weekly": relativedelta(weeks=1),
            "biweekly": relativedelta(weeks=2),
            "monthly": relativedelta(months=1),
        }[self.value]


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ENROLLING = "enrolling", _("Enrolling")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


NEXT_STATUS = {
    ProgramStatus.DRAFT: ProgramStatus.ENROLLING,
    ProgramStatus.ENROLLING: ProgramStatus.RUNNING,
    ProgramStatus.RUNNING: ProgramStatus.CLOSED,
}


class Program(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    group_size = models.PositiveSmallIntegerField(
        _("group size"), default=2, help_text=_("2 for pairs; intervision groups usually 4 to 6.")
    )
    cadence = models.CharField(
        _("cadence"), max_length=16, choices=Cadence.choices, default=Cadence.BIWEEKLY
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    # The day a lead closed it: its session notes are kept for a period from then (privacy).
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    leads = models.ManyToManyField(
        Person, related_name="led_programs", blank=True, verbose_name=_("program leads")
    )
    cross_department = models.BooleanField(
        _("match across departments"),
        default=False,
        help_text=_("Cross-training: everyone in a group comes from a different department."),
    )
    same_department = models.BooleanField(
        _("match within a department"),
        default=False,
        help_text=_("Everyone in a group comes from the same department."),
    )
    keep_reporting_lines_apart = models.BooleanField(
        _("keep whole reporting lines apart"),
        default=False,
        help_text=_(
            "Nobody is grouped with anyone above them in the reporting line (also skip-level "
            "managers), nor with someone who has the same manager."
        ),
    )
    match_weights = models.JSONField(
        _("matching weights"), default=dict, blank=True, help_text=_("Overrides of the defaults.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.cross_department and self.same_department:
            raise ValidationError(
                _("A program matches either across departments or within one, not both.")
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
        if self.format == Format.PAIRS and self.group_size != 2:
            raise ValidationError({"group_size": _("A pairs program has groups of two.")})
        if self.format == Format.GROUPS and not 3 <= (self.group_size or 0) <= 8:
            raise ValidationError(
                {"group_size": _("An intervision group has between 3 and 8 members.")}
            )

    @property
    def next_status(self) -> str | None:
        return NEXT_STATUS.get(self.status)

    def enrolled_people(self) -> models.QuerySet[Person]:
        """The people actively enrolled in the program."""
        return Person.objects.filter(
            pk__in=Enrolment.objects.active().filter(program=self).values("person_id")
        )


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnrolmentQuerySet(models.QuerySet):
    def active(self) -> EnrolmentQuerySet:
        """Enrolments that count: not withdrawn."""
        return self.filter(status=EnrolmentStatus.ACTIVE)


class Enrolment(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(
        max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="enrol_once_per_program")
        ]
        ordering = ["person__name"]


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class MatchingState(models.TextChoices):
    IDLE = "idle", _("Ready")
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Matching")
    FAILED = "failed", _("Matching failed")


class Round(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    status = models.CharField(max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    # Who could not be placed and why: [{"person": pk, "code": ..., "params": {...}}].
    unplaced = models.JSONField(default=list, blank=True)
    repeats = models.PositiveIntegerField(default=0)
    # How good the matching is: {"pair_weight", "upper_bound"} (pairs: the plan's weight and a
    # certified bound on every possible pairing) and "rotation" (engine.rotation_limit).
    quality = models.JSONField(default=dict, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    # Large programs are matched by a task worker; the page shows this while it works.
    matching_state = models.CharField(
        max_length=16, choices=MatchingState.choices, default=MatchingState.IDLE
    )
    matching_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="round_number_per_program")
        ]

    def __str__(self) -> str:
        return str(_("Round %(number)s") % {"number": self.number})

    @property
    def gap_to_best(self) -> float | None:
        """How many percent the pairs may lie below the best possible pairing (None: unknown)."""
        upper = (self.quality or {}).get("upper_bound")
        if not upper:
            return None
        return max(0.0, 100 * (1 - self.quality.get("pair_weight", 0) / upper))


def published_through(prefix: str = "") -> models.Q:
    """Groups members see, reached through `prefix` ("group__" from a membership): formed by
    hand, or in a published round. A round still being matched is the lead's draft: members
    don't see its groups yet. A join condition, not an IN over every published group's id."""
    return models.Q(**{f"{prefix}round__isnull": True}) | models.Q(
        **{f"{prefix}round__status": RoundStatus.PUBLISHED}
    )


PUBLISHED = published_through()


class GroupQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for group in objs:
            group.name_key = natural_sort_key(group.name)
        return super().bulk_create(objs, *args, **kwargs)

    def in_natural_order(self) -> GroupQuerySet:
        """As people read numbers in names: "Pair 2" before "Pair 10" (by `name_key`)."""
        return self.order_by("name_key", "pk")

    def published(self) -> GroupQuerySet:
        """Groups members see: formed by hand, or in a published round."""
        return self.filter(PUBLISHED)

    def with_members_taking_part(self) -> GroupQuerySet:
        """`group.memberships.all()` then lists the members taking part (not a leaver who stays
        in the group's history), with their person."""
        return self.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=GroupMember.objects.taking_part().select_related("person"),
            )
        )


class Group(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="groups")
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="groups", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    # The name as `lib.ordering.natural_sort_key` sorts it, kept by save() and bulk_create().
    name_key = models.CharField(max_length=NAME_KEY_LENGTH, default="", editable=False)
    members = models.ManyToManyField(Person, through="GroupMember", related_name="coaching_groups")
    score = models.FloatField(_("score"), null=True, blank=True)
    # Why these people were grouped: [{"code": ..., "params": {...}}], rendered per language.
    reasons = models.JSONField(default=list, blank=True)
    is_locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["program", "name_key"], name="group_program_name_key"),
            models.Index(fields=["round", "name_key"], name="group_round_name_key"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = natural_sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def candidates(self) -> models.QuerySet[Person]:
        """Who may be added to the group: people actively enrolled in its program, not in it yet."""
        return self.program.enrolled_people().exclude(group_memberships__group=self)


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    COACH = "coach", _("Coach")
    COACHEE = "coachee", _("Coachee")
    CASE_BRINGER = "case_bringer", _("Case-bringer")
    FACILITATOR = "facilitator", _("Facilitator")


class GroupMemberQuerySet(models.QuerySet):
    def taking_part(self) -> GroupMemberQuerySet:
        """Members still active: a leaver keeps the membership row (the group's history) but is
        not listed, counted, invited or reminded any more."""
        return self.filter(person__is_active=True)

    def placed(self) -> GroupMemberQuerySet:
        """Members who hold a place: in a published group of a program they are still enrolled
        in (the lead's dashboard and the program report count these as placed)."""
        return self.filter(
            published_through("group__"),
            person__enrolments__program_id=models.F("group__program_id"),
            person__enrolments__status=EnrolmentStatus.ACTIVE,
        )


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    # Set for someone who joined a group that already existed: what the group wrote in sessions
    # before then stays closed to them (peercoach/access/). Empty for founding members.
    joined_at = models.DateTimeField(null=True, blank=True)

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="member_once_per_group")
        ]
        ordering = ["person__name"]


class JoinLinkQuerySet(models.QuerySet):
    def open(self) -> JoinLinkQuerySet:
        """Links not revoked (an expired one is still shown to its lead, as expired)."""
        return self.filter(revoked_at__isnull=True)


class JoinLink(models.Model):
    """A link that opens enrolment in a program to whoever holds it (`running.joining`).

    The URL carries a signature over the row's id and `nonce`, so the database alone does not
    give the link away; revoking it (or opening a new one) ends it at once.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="join_links")
    nonce = models.CharField(max_length=64, editable=False)
    allowed_domains = models.JSONField(_("allowed email domains"), default=list, blank=True)
    expires_on = models.DateField(_("works until"), null=True, blank=True)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Counts, never who: confirmation emails asked for, and people enrolled through it.
    requests_count = models.PositiveIntegerField(default=0)
    joined_count = models.PositiveIntegerField(default=0)

    objects = JoinLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_open_join_link_per_program",
            )
        ]

    def __str__(self) -> str:
        return str(self.program)


class UsedJoinConfirmation(models.Model):
    """The id of a confirmation link that was used: each works once."""

    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)


class FiguresChange(models.Model):
    """A write that changed what a program's dashboard card and report count
    (`programs.kept_figures`): the newest id and the number of these rows are the version of
    the program's counted figures. Writers only insert (two writers never wait on each other's
    row, whatever else their transactions lock); the daily sweep keeps each program's newest
    row."""

    id = models.BigAutoField(primary_key=True)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["program", "-id"], name="figures_change_newest")]
