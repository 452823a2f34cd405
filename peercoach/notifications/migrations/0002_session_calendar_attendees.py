from django.db import migrations, models


def remember_current_attendees(apps, schema_editor):
    """Calendars sent so far invited the group's active members of the time: take today's."""
    SessionCalendar = apps.get_model("notifications", "SessionCalendar")
    GroupMember = apps.get_model("programs", "GroupMember")
    for state in SessionCalendar.objects.select_related("session").iterator():
        state.attendee_ids = sorted(
            GroupMember.objects.filter(
                group_id=state.session.group_id, person__is_active=True
            ).values_list("person_id", flat=True)
        )
        state.save(update_fields=["attendee_ids"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("programs", "0004_member_joined_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessioncalendar",
            name="attendee_ids",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(remember_current_attendees, migrations.RunPython.noop),
    ]
