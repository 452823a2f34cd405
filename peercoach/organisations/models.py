"""Organisations (tenants) and the people in them.

A `Person` is someone's membership of one organisation: their profile there and their role.
A user account may belong to several organisations, one `Person` each.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [("nl", _("Dutch")), ("en", _("English"))]


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    default_language = models.CharField(
        _("default language"), max_length=8, choices=LANGUAGE_CHOICES, default="nl"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Amsterdam")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    LEAD = "lead", _("Program lead")
    PARTICIPANT = "participant", _("Participant")


class RolePreference(models.TextChoices):
    COACH = "coach", _("Coach")
    COACHEE = "coachee", _("Coachee")
    BOTH = "both", _("Both")


class PersonQuerySet(models.QuerySet):
    def in_organisation(self, organisation: Organisation) -> PersonQuerySet:
        return self.filter(organisation=organisation)

    def active(self) -> PersonQuerySet:
        return self.filter(is_active=True)

    def from_last_import(self, organisation_id: int) -> PersonQuerySet:
        """Those of these people whom the organisation's latest participant import added."""
        latest = (
            Person.objects.filter(organisation_id=organisation_id)
            .exclude(added_by_import=None)
            .order_by("-created_at", "-pk")
            .values("added_by_import")[:1]
        )
        return self.filter(added_by_import=models.Subquery(latest))

    def active_admins(self) -> PersonQuerySet:
        return self.filter(is_active=True, role=Role.ADMIN)


class Person(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.PARTICIPANT
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=200)
    department = models.CharField(_("department"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("manager"),
    )
    languages = models.JSONField(
        _("coaching languages"), default=list, blank=True, help_text=_("ISO 639-1 codes")
    )
    preferred_language = models.CharField(
        _("interface language"), max_length=8, choices=LANGUAGE_CHOICES, blank=True
    )
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    skills_offered = models.JSONField(_("skills offered"), default=list, blank=True)
    skills_wanted = models.JSONField(_("skills wanted"), default=list, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    role_preference = models.CharField(
        _("role preference"),
        max_length=16,
        choices=RolePreference.choices,
        default=RolePreference.BOTH,
    )
    excluded = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("never match with")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # When the person last looked at their own profile and saved it (onboarding is done then).
    profile_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The holder of the account with this address declined this membership (see accounts.py).
    account_declined_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The run of the participant import that added this person (so a lead can enrol "everyone
    # from the last import"); empty for people added by hand.
    added_by_import = models.UUIDField(null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        # Lists and pickers show the first people by name of an organisation of thousands.
        indexes = [
            models.Index(fields=["organisation", "name"], name="person_org_name"),
            # The department filters list an organisation's departments (DISTINCT) on each view.
            models.Index(fields=["organisation", "department"], name="person_org_department"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], name="person_unique_email_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"], name="person_one_membership_per_user"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_run_programs(self) -> bool:
        return self.role in (Role.ADMIN, Role.LEAD)

    @property
    def interface_language(self) -> str:
        return self.preferred_language or self.organisation.default_language

    @property
    def effective_time_zone(self) -> str:
        return self.time_zone or self.organisation.time_zone
