"""The audit log: who changed who sees or decides what, when and from where. Never content.

Entries are append-only for the app: `AuditEntry.save()` refuses to change a stored entry and
`delete()` refuses to remove one (also for querysets); on PostgreSQL a trigger (migration 0002)
refuses UPDATE and DELETE for any client of the database, the ORM's bulk paths included. The
one exception is the retention sweep (`audit.retention`, migration 0003): entries older than
RETENTION_AUDIT_DAYS.

People are stored by id only (`actor_person_id`, and `target_id` with target type "person"):
the page shows their current name, so an erased person leaves no name behind in the log.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_IN_LOCKED = "sign_in_locked", _("Sign-in locked after failed attempts")
    PERSON_ADDED = "person_added", _("Person added")
    ROLE_CHANGED = "role_changed", _("Role changed")
    EMAIL_CHANGED = "email_changed", _("Email address changed")
    EMAIL_CHANGE_REQUESTED = "email_change_requested", _("Email address change requested")
    PERSON_DEACTIVATED = "person_deactivated", _("Person deactivated")
    PERSON_REACTIVATED = "person_reactivated", _("Person reactivated")
    MEMBERSHIP_ATTACHED = "membership_attached", _("Membership attached to an account")
    MEMBERSHIP_DECLINED = "membership_declined", _("Membership declined")
    GROUP_FORMED = "group_formed", _("Group formed")
    GROUP_MEMBER_ADDED = "group_member_added", _("Added to a group")
    GROUP_MEMBER_MOVED = "group_member_moved", _("Moved to another group")
    GROUP_MEMBERS_SWAPPED = "group_members_swapped", _("Swapped between groups")
    GROUP_MEMBER_REMOVED = "group_member_removed", _("Taken out of a group")
    ROUND_PUBLISHED = "round_published", _("Round published")
    IMPORT_APPLIED = "import_applied", _("Participant file imported")
    REPORT_EXPORTED = "report_exported", _("Report exported")
    DATA_EXPORTED = "data_exported", _("Personal data exported")
    AUDIT_EXPORTED = "audit_exported", _("Audit log exported")
    ORGANISATION_SETTINGS = "organisation_settings", _("Organisation settings changed")
    SSO_SETTINGS = "sso_settings", _("Single sign-on settings changed")
    MFA_SETTINGS = "mfa_settings", _("Two-factor settings changed")
    ERASURE = "erasure", _("Person erased")
    JOIN_LINK_OPENED = "join_link_opened", _("Join link opened")
    JOIN_LINK_REVOKED = "join_link_revoked", _("Join link revoked")
    JOINED_BY_LINK = "joined_by_link", _("Joined a program by link")


class AppendOnly(Exception):
    """An audit entry was about to be changed or removed."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit entries are append-only")

    def delete(self):
        raise AppendOnly("audit entries are append-only")


class AuditEntry(models.Model):
    # By name, not by import: the audit app sits below organisations (README "How it is built").
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now, editable=False)
    action = models.CharField(max_length=40, choices=Action.choices)
    # Who: the account and the membership acting, by id (names are looked up when shown).
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_person_id = models.BigIntegerField(null=True, blank=True)
    # What it was done to: a type ("person", "group", "round", "program", …), its id, and for
    # things that are not people a label (a group's or program's name; never a person's name).
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    # Facts about the change that are not content (e.g. "admin" for a new role).
    detail = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "-at"], name="audit_org_at"),
            models.Index(fields=["organisation", "actor_person_id"], name="audit_org_actor"),
            models.Index(fields=["organisation", "target_type", "target_id"], name="audit_target"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnly("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit entries are append-only")
