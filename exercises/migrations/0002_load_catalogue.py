from django.db import migrations


def load(apps, schema_editor):
    from exercises.catalogue import load_shipped_catalogue

    load_shipped_catalogue(apps.get_model("exercises", "Exercise"))


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
