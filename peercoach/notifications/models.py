"""The outbox of messages to send, per-session calendar state, and who wants what.

`OutgoingMessage` is a durable outbox: every message is a row with a unique idempotency key, so
queueing the same message twice is a no-op, and workers claim rows with a conditional update so
each row is sent by one worker only (see `peercoach.notifications.outbox`).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peercoach.coaching.models import CoachingSession
from peercoach.organisations.models import Person
from peercoach.programs.models import Program


class Kind(models.TextChoices):
    PROGRAM_INVITATION = "program_invitation", _("Invitation to a program")
    MATCH_ANNOUNCEMENT = "match_announcement", _("Announcement of your group or partner")
    SESSION_INVITATION = "session_invitation", _("Session invitations and changes")
    SESSION_REMINDER = "session_reminder", _("Reminders before a session")
    CHECK_IN = "check_in", _("Check-in between sessions")
    ACTION_OVERDUE = "action_overdue", _("Overdue action items")
    GROUP_IDLE = "group_idle", _("Nudge when your group has not met for a while")
    SESSION_FOLLOW_UP = "session_follow_up", _("Prompt to write your action plan after a session")
    FEEDBACK_REQUEST = "feedback_request", _("A colleague asks for your feedback")
    FEEDBACK_RECEIVED = "feedback_received", _("You received feedback")
    MEMBER_JOINED = "member_joined", _("Someone joined your group")
    MEMBER_LEFT = "member_left", _("Someone no longer takes part in your group")
    DIGEST = "digest", _("Digest")
    EMAIL_CHANGE_CONFIRM = "email_change_confirm", _("Confirm a new email address")
    EMAIL_CHANGE_NOTICE = "email_change_notice", _("Your email address is being changed")
    SIGN_IN_LINK = "sign_in_link", _("A link to choose your password")
    SIGN_IN_LOCKED = "sign_in_locked", _("Your account was locked after failed sign-ins")
    # Program health (peercoach/health): builders and planners registered by that app.
    MEMBER_AWAY = "member_away", _("Someone in your group takes a break or leaves")
    COMMITMENT_CHECK = "commitment_check", _("On an action's due date: did you do it?")
    AT_RISK_WEEKLY = "at_risk_weekly", _("Weekly list of groups that need your attention")
    # A member's short message to the rest of their group (peercoach/home): builder there.
    GROUP_MESSAGE = "group_message", _("A short message from someone in your group")
    END_SURVEY = "end_survey", _("At the end of a program: would you recommend it?")
    # Joining a program by link (peercoach/running): proves the address; builder there.
    JOIN_CONFIRM = "join_confirm", _("Confirm your address to join a program")


# Kinds a person may bundle into a digest instead of receiving them one by one. Invitations and
# reminders are about a moment in time, so they are never held back.
DIGESTIBLE_KINDS = {
    Kind.CHECK_IN,
    Kind.ACTION_OVERDUE,
    Kind.GROUP_IDLE,
    Kind.SESSION_FOLLOW_UP,
    Kind.FEEDBACK_RECEIVED,
}
# Between two colleagues, not part of a program: only the person's own preferences apply.
PERSONAL_KINDS = {Kind.FEEDBACK_REQUEST, Kind.FEEDBACK_RECEIVED}
# About the account itself: always sent, never held, nobody switches them off.
ACCOUNT_KINDS = {
    Kind.EMAIL_CHANGE_CONFIRM,
    Kind.EMAIL_CHANGE_NOTICE,
    Kind.SIGN_IN_LINK,
    Kind.SIGN_IN_LOCKED,
    Kind.JOIN_CONFIRM,
}
# Queued with only an address typed: the builder finds the recipient when it is sent.
ADDRESS_KINDS = {Kind.SIGN_IN_LINK, Kind.JOIN_CONFIRM}
# Who else reads what a group writes is part of the confidentiality promise: nobody switches
# this notice off, neither for themselves nor for a program.
# A colleague's own message to the group is delivered like their email would be: the sender is
# told it went to everyone, so nobody's settings drop it silently.
ALWAYS_SENT_KINDS = {Kind.MEMBER_JOINED, Kind.MEMBER_LEFT, Kind.GROUP_MESSAGE}
# Kinds a person may switch off for themselves.
OPTIONAL_KINDS = [
    kind
    for kind in Kind
    if kind != Kind.DIGEST and kind not in ACCOUNT_KINDS and kind not in ALWAYS_SENT_KINDS
]
# Kinds a lead can switch on or off per program (the digest is the recipient's own choice).
PROGRAM_KINDS = [kind for kind in OPTIONAL_KINDS if kind not in PERSONAL_KINDS]


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    # The message body was handed to the mail server, its end not yet confirmed.
    HANDED = "handed", _("Handed to the mail server")
    SENT = "sent", _("Sent")
    # The worker stopped between handing it over and hearing back: perhaps it arrived.
    UNCERTAIN = "uncertain", _("Perhaps sent")
    SKIPPED = "skipped", _("Skipped")
    HELD = "held", _("Held for the digest")
    FAILED = "failed", _("Failed")


class OutgoingMessage(models.Model):
    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="outgoing_messages", null=True
    )
    to_email = models.EmailField(blank=True)
    # What the message is about: ids and frozen values (e.g. the calendar SEQUENCE). The message
    # itself is rendered when it is sent, from the state of the database at that moment.
    context = models.JSONField(default=dict, blank=True)
    session = models.ForeignKey(
        CoachingSession, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    send_after = models.DateTimeField()
    # A message not sent by then is stale (e.g. a reminder for a session that has begun).
    expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)
    skip_reason = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "send_after"], name="outbox_due")]

    def __str__(self) -> str:
        return self.idempotency_key


class SessionCalendar(models.Model):
    """The calendar identity of a session: a stable UID and the SEQUENCE of its last version."""

    session = models.OneToOneField(
        CoachingSession, on_delete=models.CASCADE, related_name="calendar_state"
    )
    uid = models.CharField(max_length=200, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    # A digest of what attendees see (time, place, link, status, who): a change bumps SEQUENCE.
    fingerprint = models.CharField(max_length=64)
    # Who was last invited: someone no longer in the group gets a cancellation.
    attendee_ids = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)


class ProgramNotificationSettings(models.Model):
    """Which kinds of message a program sends; chosen by its leads."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="notification_settings"
    )
    disabled_kinds = models.JSONField(default=list, blank=True)
    # Minutes before a session that members are reminded; empty: the site's default
    # (NOTIFICATIONS_REMINDER_OFFSETS).
    reminder_minutes = models.JSONField(null=True, blank=True)

    def is_enabled(self, kind: str) -> bool:
        return kind not in self.disabled_kinds


# Reminder moments a lead can pick from, in minutes before the session.
REMINDER_CHOICES = [
    (7 * 24 * 60, _("a week before")),
    (2 * 24 * 60, _("two days before")),
    (24 * 60, _("a day before")),
    (2 * 60, _("two hours before")),
    (60, _("an hour before")),
    (15, _("15 minutes before")),
]


class NotificationPreference(models.Model):
    """What one person wants to receive."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notification_preference"
    )
    unsubscribed_kinds = models.JSONField(default=list, blank=True)
    digest = models.BooleanField(
        _("weekly digest"),
        default=False,
        help_text=_("Bundle check-ins and nudges into one weekly email."),
    )

    def wants(self, kind: str) -> bool:
        return kind not in self.unsubscribed_kinds


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


def new_capability_key() -> str:
    """A random key for a link that works without signing in: 256 bits, nothing else in it."""
    return secrets.token_urlsafe(32)


class CapabilityQuerySet(models.QuerySet):
    def active(self) -> CapabilityQuerySet:
        """Not revoked (it may still have expired: see `valid`)."""
        return self.filter(revoked_at__isnull=True)

    def valid(self, now=None) -> CapabilityQuerySet:
        from django.utils import timezone

        return self.active().filter(expires_at__gt=now or timezone.now())


CalendarFeedTokenQuerySet = CapabilityQuerySet


class CalendarFeedToken(models.Model):
    """A secret URL for a person's calendar subscription; revoked by replacing it.

    It expires `CAPABILITY_TOKEN_DAYS` after the last email to the person (or the last visit to
    their email preferences), see `peercoach.notifications.capabilities`.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feed_tokens")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CapabilityQuerySet.as_manager()


class UnsubscribeToken(models.Model):
    """The key in the unsubscribe link of one person's emails of one kind.

    A random key, not a signature over the person's id: the link shows nothing about who it is
    for, and it can be revoked. Each email of the kind carries the person's current key and
    renews its expiry, so a link in a recent email keeps working.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="unsubscribe_tokens")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    key = models.CharField(max_length=64, unique=True, default=new_capability_key)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CapabilityQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["person", "kind"], name="unsubscribe_token_owner")]


def reminder_minutes(program_settings: ProgramNotificationSettings | None = None) -> list[int]:
    """Minutes before a session that its members are reminded: the program's choice, else the
    site's default."""
    if program_settings is not None and program_settings.reminder_minutes is not None:
        return list(program_settings.reminder_minutes)
    return list(settings.NOTIFICATIONS_REMINDER_OFFSETS)
