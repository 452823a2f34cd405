from django.db import migrations

from peercoach.methods import library


def load_library(apps, schema_editor):
    library.load(
        apps.get_model("methods", "Method"),
        apps.get_model("methods", "Phase"),
        apps.get_model("methods", "Activity"),
        apps.get_model("methods", "Scenario"),
    )


class Migration(migrations.Migration):
    dependencies = [("methods", "0001_initial")]

    operations = [migrations.RunPython(load_library, migrations.RunPython.noop)]
