"""An organisation's privacy choices (erasure and how long session notes are kept), and a
program's own retention period where its lead chose one.

Kept in a model of their own, one row per organisation created on first use, so the organisation
itself stays a plain tenant record.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peercoach.lib.relations import NOT_READ, read_along
from peercoach.organisations.models import Organisation, Person
from peercoach.programs.models import Program

MAX_RETENTION_MONTHS = 120


def default_session_content_months() -> int:
    return settings.RETENTION_SESSION_CONTENT_MONTHS


class GroupContentOnErasure(models.TextChoices):
    KEEP = "keep", _("Keep it, shown as written by a former participant")
    DELETE = "delete", _("Delete it too")


class PrivacySettings(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="privacy_settings"
    )
    self_erasure = models.BooleanField(
        _("people may erase their own data"),
        default=False,
        help_text=_("Otherwise only an organisation admin erases someone's data."),
    )
    group_content_on_erasure = models.CharField(
        _("what an erased person wrote in their groups"),
        max_length=16,
        choices=GroupContentOnErasure.choices,
        default=GroupContentOnErasure.KEEP,
        help_text=_(
            "Session notes, action items, contributions, insights, wins, library items and "
            "comments, and feedback they gave. Everything else about them is always deleted."
        ),
    )
    session_content_months = models.PositiveSmallIntegerField(
        _("keep session notes after a program is closed (months)"),
        default=default_session_content_months,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        # The sweep counts from `Program.closed_on` (privacy.retention), not the planned end.
        help_text=_(
            "Counted from the day the program is closed, not from its planned end date. "
            "Then what its groups wrote in their sessions is deleted. A program lead may "
            "choose another period for their program."
        ),
    )
    # Who "former participant" is: one inactive person without an account per organisation, the
    # author of what erased people wrote when the organisation keeps it.
    former_participant = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("privacy settings")
        verbose_name_plural = _("privacy settings")

    @classmethod
    def of(cls, organisation: Organisation) -> PrivacySettings:
        found = read_along(organisation, "privacy_settings")
        if found is not NOT_READ and found is not None:
            return found
        found, _created = cls.objects.get_or_create(organisation=organisation)
        return found


class ProgramRetention(models.Model):
    """A program lead's own period for the program's session notes (else the organisation's)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="retention")
    session_content_months = models.PositiveSmallIntegerField(
        _("keep session notes after the program is closed (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_(
            "Counted from the day the program is closed. Leave empty for the organisation's period."
        ),
    )
    # Set by the daily sweep once the session notes are gone.
    content_deleted_at = models.DateTimeField(null=True, blank=True)
