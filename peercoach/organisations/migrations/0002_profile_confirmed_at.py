from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="profile_confirmed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
