"""Capability links get an expiry; unsubscribe links become random keys (no person id in them).

Calendar feed keys that exist keep working, for CAPABILITY_TOKEN_DAYS from this migration on
(and renewed by every email after it, see peercoach.notifications.capabilities).
"""

from datetime import timedelta

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

import peercoach.notifications.models


def give_feed_tokens_an_expiry(apps, schema_editor):
    token = apps.get_model("notifications", "CalendarFeedToken")
    expires = timezone.now() + timedelta(days=settings.CAPABILITY_TOKEN_DAYS)
    token.objects.filter(expires_at__isnull=True).update(expires_at=expires)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0007_outbox_handed"),
        ("organisations", "__first__"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarfeedtoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(give_feed_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="calendarfeedtoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
        migrations.CreateModel(
            name="UnsubscribeToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("program_invitation", "Invitation to a program"),
                            ("match_announcement", "Announcement of your group or partner"),
                            ("session_invitation", "Session invitations and changes"),
                            ("session_reminder", "Reminders before a session"),
                            ("check_in", "Check-in between sessions"),
                            ("action_overdue", "Overdue action items"),
                            ("group_idle", "Nudge when your group has not met for a while"),
                            (
                                "session_follow_up",
                                "Prompt to write your action plan after a session",
                            ),
                            ("feedback_request", "A colleague asks for your feedback"),
                            ("feedback_received", "You received feedback"),
                            ("member_joined", "Someone joined your group"),
                            ("digest", "Digest"),
                            ("email_change_confirm", "Confirm a new email address"),
                            ("email_change_notice", "Your email address is being changed"),
                        ],
                        max_length=32,
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        default=peercoach.notifications.models.new_capability_key,
                        max_length=64,
                        unique=True,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("expires_at", models.DateTimeField()),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="unsubscribe_tokens",
                        to="organisations.person",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["person", "kind"], name="unsubscribe_token_owner")
                ],
            },
        ),
    ]
