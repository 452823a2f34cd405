import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def date_existing_reactions(apps, schema_editor):
    # A reaction is at least as old as its win: the closest honest time for older rows.
    WinReaction = apps.get_model("growth", "WinReaction")
    Win = apps.get_model("growth", "Win")
    WinReaction.objects.update(
        created_at=Subquery(Win.objects.filter(pk=OuterRef("win_id")).values("created_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("growth", "0003_feedback_context_goal_activity")]

    operations = [
        migrations.AddField(
            model_name="winreaction",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(date_existing_reactions, migrations.RunPython.noop),
    ]
